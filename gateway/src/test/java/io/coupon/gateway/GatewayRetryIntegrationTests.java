package io.coupon.gateway;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

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
 * The gateway in front of three registered replicas of which only one is alive: one refuses
 * connections (a dead process), one never completes the TCP handshake (a frozen host), so that
 * reaching the healthy one can take both retries.
 */
@GatewayTest
// Short, so that the connect timeouts this test provokes keep it fast.
@TestPropertySource(properties = "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=300")
class GatewayRetryIntegrationTests {

	static final StubUpstream healthy = StubUpstream.start("healthy");

	static final Upstreams.Unresponsive unresponsive = new Upstreams.Unresponsive();

	static final String refusing = Upstreams.refusing();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void couponApiInstances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", () -> refusing);
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[1].uri", unresponsive::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[2].uri", healthy::uri);
	}

	@AfterAll
	static void stopReplicas() throws IOException {
		healthy.close();
		unresponsive.close();
	}

	@BeforeEach
	void resetReplica() {
		healthy.reset();
	}

	@Test
	void shouldRetryPostsThatCouldNotConnectOnAnotherInstance() {
		List<String> bodies = IntStream.range(0, 9).mapToObj((user) -> "{\"userId\":" + user + "}").toList();

		for (String body : bodies) {
			this.client.post()
				.uri("/api/coupons/1/issue")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Instance-Id", "healthy");
		}

		assertThat(healthy.bodies())
			.as("every POST reached the healthy replica exactly once, whichever replica it was first sent to")
			.containsExactlyInAnyOrderElementsOf(bodies);
	}

	@Test
	void shouldRetryGetsThatCouldNotConnectOnAnotherInstance() {
		for (int i = 0; i < 6; i++) {
			this.client.get().uri("/api/coupons/1").exchange().expectStatus().isOk();
		}

		assertThat(healthy.hits("GET", "/api/coupons/1")).isEqualTo(6);
	}

}
