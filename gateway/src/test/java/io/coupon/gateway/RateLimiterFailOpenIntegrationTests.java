package io.coupon.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limiter's Redis is unreachable and {@code when-redis-fails=allow}.
 */
@TestPropertySource(properties = "coupon.rate-limit.when-redis-fails=allow")
class RateLimiterFailOpenIntegrationTests extends RateLimiterRedisDown {

	@Test
	void shouldLetRequestsThroughUncountedAndCountThemAsSuch() {
		for (int i = 0; i < 3; i++) {
			this.client.post()
				.uri("/api/v1/coupons/1/issue")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(replica.hits("POST", "/api/v1/coupons/1/issue")).isEqualTo(3);
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((scrape) -> assertThat(scrape)
				.contains("coupon_gateway_rate_limit_total{application=\"gateway\",result=\"redis_failed_allowed\"} 3.0"));
	}

}
