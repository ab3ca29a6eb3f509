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
			// The first request of the user is let through without asking Redis (its token is recorded later, which
			// fails here too); the next two ask, get no answer, and go uncounted.
			.value((scrape) -> assertThat(scrape)
				.contains("coupon_gateway_rate_limit_total{application=\"gateway\",result=\"allowed\"} 1.0")
				.contains("coupon_gateway_rate_limit_total{application=\"gateway\",result=\"redis_failed_allowed\"} 2.0"));
	}

}
