package io.coupon.gateway;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.actuate.AbstractGatewayControllerEndpoint;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in front of two healthy replicas.
 */
@GatewayTest
class GatewayIntegrationTests {

	static final StubUpstream replicaA = StubUpstream.start("replica-a");

	static final StubUpstream replicaB = StubUpstream.start("replica-b");

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext context;

	@DynamicPropertySource
	static void couponApiInstances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replicaA::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[1].uri", replicaB::uri);
	}

	@AfterAll
	static void stopReplicas() {
		replicaA.close();
		replicaB.close();
	}

	@BeforeEach
	void resetReplicas() {
		replicaA.reset();
		replicaB.reset();
	}

	@Test
	void shouldSpreadRequestsRoundRobinAcrossInstances() {
		List<String> answeredBy = IntStream.range(0, 10)
			.mapToObj((i) -> this.client.get()
				.uri("/api/coupons/1")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Instance-Id"))
			.toList();

		assertThat(replicaA.hits("GET", "/api/coupons/1")).isEqualTo(5);
		assertThat(replicaB.hits("GET", "/api/coupons/1")).isEqualTo(5);
		for (int i = 1; i < answeredBy.size(); i++) {
			assertThat(answeredBy.get(i)).as("request %d goes to the other replica", i).isNotEqualTo(answeredBy.get(i - 1));
		}
	}

	@Test
	void shouldForwardThePostBodyToOneReplica() {
		String answer = this.client.post()
			.uri("/api/coupons/1/issue")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"userId\":42}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer).contains("\"received\":{\"userId\":42}");
		assertThat(replicaA.totalHits() + replicaB.totalHits()).isEqualTo(1);
	}

	@Test
	void shouldRefuseAnOversizedBodyBeforeAnyReplicaSeesIt() {
		ProblemBody problem = this.client.post()
			.uri("/api/coupons")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"" + "x".repeat(100 * 1024) + "\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/payload-too-large");
		assertThat(replicaA.totalHits() + replicaB.totalHits()).isZero();
	}

	@Test
	void shouldCutOffAnOversizedChunkedBody() {
		Flux<String> chunks = Flux.range(0, 100).map((i) -> "x".repeat(1024));

		this.client.post()
			.uri("/api/coupons")
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, String.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
	}

	@Test
	void shouldForwardABodyWithinTheLimit() {
		this.client.post()
			.uri("/api/coupons/1/issue")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"" + "x".repeat(60 * 1024) + "\"}")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(replicaA.totalHits() + replicaB.totalHits()).isEqualTo(1);
	}

	@Test
	void shouldPassRetryAfterAndInstanceIdThroughUnchanged() {
		EntityExchangeResult<String> result = this.client.post()
			.uri("/api/busy")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"userId\":7}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.returnResult();

		HttpHeaders headers = result.getResponseHeaders();
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
		assertThat(headers.getFirst("X-Instance-Id")).isIn("replica-a", "replica-b");
		assertThat(result.getResponseBody()).as("the replica's own problem body").isEqualTo(StubUpstream.BUSY_BODY);
		assertThat(replicaA.totalHits() + replicaB.totalHits()).as("a 503 from a replica is not retried").isEqualTo(1);
	}

	@Test
	void shouldPassA500ThroughWithoutRetrying() {
		for (String method : List.of("GET", "POST")) {
			String body = this.client.method(HttpMethod.valueOf(method))
				.uri("/api/fail")
				.exchange()
				.expectStatus()
				.isEqualTo(500)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();

			assertThat(body).isEqualTo(StubUpstream.FAIL_BODY);
			assertThat(replicaA.hits(method, "/api/fail") + replicaB.hits(method, "/api/fail"))
				.as("%s answered 500 reached one replica once", method)
				.isEqualTo(1);
		}
	}

	@Test
	void shouldAnswerNotFoundProblemForAPathWithoutRoute() {
		ProblemBody problem = this.client.get()
			.uri("/no-such-route")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/not-found");
		assertThat(problem.title()).isEqualTo("Not Found");
		assertThat(problem.status()).isEqualTo(404);
		assertThat(problem.instance()).isEqualTo("/no-such-route");
		assertThat(replicaA.totalHits() + replicaB.totalHits()).isZero();
	}

	@Test
	void shouldReportHealthUp() {
		String health = this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(health).contains("\"status\":\"UP\"");
	}

	@Test
	void shouldExposeRouteAndServerLatencyHistogramsToPrometheus() {
		this.client.get().uri("/api/coupons/1").exchange().expectStatus().isOk();

		// The server timer is recorded once the exchange completes, possibly after the client has the response.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = this.client.get()
				.uri("/actuator/prometheus")
				.accept(MediaType.TEXT_PLAIN)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			List<String> lines = scrape.lines().toList();
			assertThat(lines).as("the route's latency, by route and status")
				.anySatisfy((line) -> assertThat(line).startsWith("spring_cloud_gateway_requests_seconds_bucket{")
					.contains("routeId=\"coupon-api\"", "status=\"OK\"", "application=\"gateway\""));
			assertThat(lines).as("the gateway's server latency")
				.anySatisfy((line) -> assertThat(line).startsWith("http_server_requests_seconds_bucket{")
					.contains("application=\"gateway\""));
		});
		assertThat(replicaA.totalHits() + replicaB.totalHits()).as("only the one routed request").isEqualTo(1);
	}

	@Test
	void shouldNotExposeGatewayOrEnvActuatorEndpoints() {
		for (String path : List.of("/actuator/gateway", "/actuator/gateway/routes", "/actuator/env",
				"/actuator/configprops", "/actuator/beans", "/actuator/metrics")) {
			this.client.get().uri(path).exchange().expectStatus().isNotFound();
		}
		this.client.post().uri("/actuator/gateway/refresh").exchange().expectStatus().isNotFound();
		assertThat(this.context.getBeansOfType(AbstractGatewayControllerEndpoint.class))
			.as("the route-management endpoint is not even created")
			.isEmpty();
		assertThat(replicaA.totalHits() + replicaB.totalHits()).as("actuator paths are not routed to coupon-api").isZero();
	}

}
