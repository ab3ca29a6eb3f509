package io.coupon.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No coupon-api replica is registered at all.
 */
@GatewayTest
@TestPropertySource(properties = "coupon.retry-after=3s")
class GatewayNoInstanceIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void shouldAnswerUnavailableProblemWithRetryAfterWhenNoInstanceIsRegistered() {
		EntityExchangeResult<ProblemBody> result = this.client.get()
			.uri("/api/coupons/1")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult();

		ProblemBody problem = result.getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/unavailable");
		assertThat(problem.status()).isEqualTo(503);
		assertThat(problem.detail()).isNotBlank();
		assertThat(problem.instance()).isEqualTo("/api/coupons/1");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
	}

}
