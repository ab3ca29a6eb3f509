package io.coupon.gateway.security;

import java.time.Clock;

import io.coupon.gateway.problem.ProblemResponses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may do what through the gateway (docs/security.md): one web filter verifies the bearer token and applies the
 * access rules, and one header filter tells the replicas the verified user. docs/decisions.md says why the gateway
 * does this itself instead of through Spring Security.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySecurityProperties.class)
class GatewaySecurityConfiguration {

	private static final Log logger = LogFactory.getLog(GatewaySecurityConfiguration.class);

	@Bean
	BearerTokenFilter bearerTokenFilter(GatewaySecurityProperties properties, ProblemResponses responses,
			@Value("${coupon.security.identity-header.enabled:true}") boolean identityHeader,
			@Value("${coupon.lab.unsafe-modes:false}") boolean unsafeModesAllowed) {
		SecurityProblems problems = new SecurityProblems(responses);
		if (!identityHeader) {
			requireLabSwitch(unsafeModesAllowed, "coupon.security.identity-header.enabled=false, which passes any "
					+ "client's X-USER-ID to the replicas: it exists only to measure the identity filter's price");
			logger.warn("coupon.security.identity-header.enabled=false: X-USER-ID goes to the replicas as the client "
					+ "sent it, whatever the token says. Only for measuring the identity filter's price.");
		}
		if (properties.mode() == SecurityMode.TRUSTED_HEADER) {
			requireLabSwitch(unsafeModesAllowed, "coupon.security.mode=trusted-header, which believes any client's "
					+ "X-USER-ID: it exists only to reproduce the origin experiments");
			logger.warn("coupon.security.mode=trusted-header: X-USER-ID is believed as sent and no token is checked. "
					+ "Anyone can claim a coupon for any user and create coupons. Use it only to reproduce the origin "
					+ "experiments, never where the gateway is reachable by others.");
			return new BearerTokenFilter(null, problems);
		}
		return new BearerTokenFilter(
				TokenVerifiers.of(properties.jwt(), properties.adminScope(), Clock.systemUTC()), problems);
	}

	/**
	 * A setting that lets a client choose its identity needs the lab's switch as well: one mistyped variable in a
	 * deployment must not open the gateway.
	 */
	private static void requireLabSwitch(boolean unsafeModesAllowed, String settingAndWhy) {
		if (!unsafeModesAllowed) {
			throw new IllegalStateException("Refusing to start with " + settingAndWhy + " in the lab. To run it, also "
					+ "set coupon.lab.unsafe-modes=true (COUPON_LAB_UNSAFE_MODES=true).");
		}
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "coupon.security.identity-header.enabled", matchIfMissing = true)
	UserIdHeadersFilter userIdHeadersFilter(GatewaySecurityProperties properties) {
		return new UserIdHeadersFilter(properties.mode() == SecurityMode.TRUSTED_HEADER);
	}

}
