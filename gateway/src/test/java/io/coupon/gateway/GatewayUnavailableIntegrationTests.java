package io.coupon.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered replica is dead: each attempt, retries included, is refused.
 */
@GatewayTest
class GatewayUnavailableIntegrationTests {

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void couponApiInstances(DynamicPropertyRegistry registry) {
		String first = Upstreams.refusing();
		String second = Upstreams.refusing();
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", () -> first);
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[1].uri", () -> second);
	}

	@Test
	void shouldAnswerUnavailableProblemWithRetryAfterWhenNoReplicaAcceptsTheConnection() {
		EntityExchangeResult<ProblemBody> result = this.client.post()
			.uri("/api/coupons/1/issue")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"userId\":1}")
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
		assertThat(problem.title()).isEqualTo("Service Unavailable");
		assertThat(problem.status()).isEqualTo(503);
		assertThat(problem.detail()).doesNotContain("127.0.0.1");
		assertThat(problem.instance()).isEqualTo("/api/coupons/1/issue");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

}
