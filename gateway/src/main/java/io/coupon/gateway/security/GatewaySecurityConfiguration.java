package io.coupon.gateway.security;

import io.coupon.gateway.problem.ProblemResponses;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Who may do what through the gateway (docs/security.md).
 *
 * <p>
 * In {@code jwt} mode every API request needs a verified bearer token: any user's token may issue and read, reading
 * another user's issuance or doing anything else under {@code /api} (creating coupons, replica details) needs the
 * admin scope. Actuator's health, info and prometheus are open for probes and scrapes; every other path is refused.
 * Nothing is kept between requests: no session, no saved request, no CSRF token (no cookies are ever read).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(GatewaySecurityProperties.class)
class GatewaySecurityConfiguration {

	private static final Log logger = LogFactory.getLog(GatewaySecurityConfiguration.class);

	/**
	 * No observations of Spring Security's own: it would record four per request (the filter chain before and after
	 * the handler, authentication, authorization), each a timer and a long-task timer. The gateway's request timers
	 * already time every request, and a profile of the gateway under load found these observations among its largest
	 * costs.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, GatewaySecurityProperties properties,
			ProblemResponses responses) {
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		if (properties.mode() == SecurityMode.TRUSTED_HEADER) {
			logger.warn("coupon.security.mode=trusted-header: X-USER-ID is believed as sent and no token is checked. "
					+ "Anyone can claim a coupon for any user and create coupons. Use it only to reproduce the origin "
					+ "experiments, never where the gateway is reachable by others.");
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}
		String admin = "SCOPE_" + properties.adminScope();
		ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(responses);
		http.authorizeExchange((exchanges) -> exchanges
			.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
					"/actuator/prometheus")
			.permitAll()
			.pathMatchers(HttpMethod.POST, "/api/v1/coupons/*/issue")
			.authenticated()
			.pathMatchers(HttpMethod.GET, "/api/v1/coupons/{couponId}/issues/{userId}")
			.access(new OwnUserOrAdmin("userId", admin))
			.pathMatchers(HttpMethod.GET, "/api/v1/coupons/*")
			.authenticated()
			.pathMatchers("/api/**")
			.hasAuthority(admin)
			.anyExchange()
			.denyAll())
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt.jwtDecoder(BearerTokenDecoders.of(properties.jwt())))
				.authenticationEntryPoint(handlers)
				.accessDeniedHandler(handlers))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(handlers)
				.accessDeniedHandler(handlers));
		return http.build();
	}

}
