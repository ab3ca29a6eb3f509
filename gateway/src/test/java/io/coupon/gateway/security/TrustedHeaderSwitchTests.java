package io.coupon.gateway.security;

import io.coupon.gateway.problem.ProblemResponses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.codec.ServerCodecConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * trusted-header believes any client's X-USER-ID: it must take the lab's switch as well, so that one mistyped
 * variable in a deployment cannot open the gateway.
 */
class TrustedHeaderSwitchTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withBean(ServerCodecConfigurer.class, ServerCodecConfigurer::create)
		.withUserConfiguration(ProblemResponses.class, GatewaySecurityConfiguration.class);

	@Test
	void shouldRefuseToStartInTrustedHeaderModeWithoutTheLabSwitch() {
		this.contexts.withPropertyValues("coupon.security.mode=trusted-header").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("coupon.security.mode=trusted-header")
				.hasMessageContaining("COUPON_LAB_UNSAFE_MODES=true");
		});
	}

	@Test
	void shouldStartInTrustedHeaderModeWithTheLabSwitch() {
		this.contexts.withPropertyValues("coupon.security.mode=trusted-header", "coupon.lab.unsafe-modes=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BearerTokenFilter.class));
	}

	@Test
	void shouldRefuseToPassTheClientsUserIdWithoutTheLabSwitch() {
		this.contexts
			.withPropertyValues("coupon.security.jwt.hmac-secret=0123456789abcdef0123456789abcdef-test-only",
					"coupon.security.identity-header.enabled=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("coupon.security.identity-header.enabled=false")
					.hasMessageContaining("COUPON_LAB_UNSAFE_MODES=true");
			});
	}

	@Test
	void shouldStartInJwtModeWithoutTheSwitch() {
		this.contexts
			.withPropertyValues("coupon.security.jwt.hmac-secret=0123456789abcdef0123456789abcdef-test-only")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BearerTokenFilter.class));
	}

}
