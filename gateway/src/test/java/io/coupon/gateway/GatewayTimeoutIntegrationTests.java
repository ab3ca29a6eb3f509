package io.coupon.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures after the request reached a replica, whose outcome the gateway cannot know: they are
 * answered, never retried. A single replica, so that a retry would show as a second hit on it.
 */
@GatewayTest
// Short enough to test, long enough for a fast answer on a busy machine.
@TestPropertySource(properties = "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s")
class GatewayTimeoutIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica");

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void couponApiInstances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
	}

	@AfterAll
	static void stopReplica() {
		replica.close();
	}

	@BeforeEach
	void resetReplica() {
		replica.reset();
	}

	@Test
	void shouldAnswerGatewayTimeoutWithoutRetryingWhenAReplicaIsTooSlow() {
		ProblemBody problem = this.client.post()
			.uri("/api/slow")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"userId\":9}")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/gateway-timeout");
		assertThat(problem.status()).isEqualTo(504);
		assertThat(problem.title()).isEqualTo("Gateway Timeout");
		assertThat(problem.detail()).isNotBlank();
		assertThat(problem.instance()).isEqualTo("/api/slow");
		assertThat(replica.hits("POST", "/api/slow"))
			.as("a POST that timed out may have been executed: it reached the replica exactly once")
			.isEqualTo(1);
	}

	@Test
	void shouldAnswerBadGatewayWithoutRetryingWhenAReplicaClosesTheConnection() {
		ProblemBody problem = this.client.post()
			.uri("/api/close")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"userId\":11}")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/bad-gateway");
		assertThat(replica.hits("POST", "/api/close"))
			.as("a POST closed after it was sent may have been executed: it reached the replica exactly once")
			.isEqualTo(1);
	}

}
