package io.coupon.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limiter's Redis is unreachable and {@code when-redis-fails=reject}.
 */
@TestPropertySource(properties = "coupon.rate-limit.when-redis-fails=reject")
class RateLimiterFailClosedIntegrationTests extends RateLimiterRedisDown {

	@Test
	void shouldAnswer503WithRetryAfterAndRouteNothing() {
		ProblemBody problem = this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/unavailable");
		assertThat(problem.detail()).contains("rate limiter");
		assertThat(replica.totalHits()).isZero();
	}

}
