package io.coupon.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "coupon.registry.username=registry-test",
				"coupon.registry.password=" + DiscoveryServerIntegrationTests.PASSWORD })
class DiscoveryServerIntegrationTests {

	static final String PASSWORD = "0123456789abcdef0123";

	private static final String BASIC = "Basic "
			+ Base64.getEncoder().encodeToString(("registry-test:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void shouldServeTheRegistryAsJson() throws Exception {
		HttpResponse<String> response = get("/eureka/apps", "application/json", BASIC);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
		JsonNode applications = this.json.readTree(response.body()).path("applications");
		assertThat(applications.isObject()).as("an 'applications' object in %s", response.body()).isTrue();
		// The registry neither registers nor fetches itself, so it starts empty.
		assertThat(applications.path("application").isEmpty()).as("no registered application").isTrue();
	}

	@Test
	void shouldRefuseTheRegistryAndTheDashboardWithoutTheRightCredentials() throws Exception {
		String wrong = "Basic " + Base64.getEncoder()
			.encodeToString("registry-test:not-the-password".getBytes(StandardCharsets.UTF_8));
		for (String path : List.of("/eureka/apps", "/", "/eureka/apps/COUPON-API")) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(401);
			assertThat(get(path, "application/json", wrong).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(get("/", "text/html", BASIC).statusCode()).as("the dashboard, with credentials").isEqualTo(200);
	}

	@Test
	void shouldRefuseARegistrationWithoutCredentials() throws Exception {
		HttpRequest register = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port
				+ "/eureka/apps/INTRUDER"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString("{\"instance\":{\"hostName\":\"evil.example\",\"app\":\"INTRUDER\"}}"))
			.build();
		assertThat(this.http.send(register, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		HttpResponse<String> apps = get("/eureka/apps", "application/json", BASIC);
		assertThat(apps.body()).doesNotContain("INTRUDER");
	}

	@Test
	void shouldReportHealthUp() throws Exception {
		HttpResponse<String> response = get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).path("status").asString()).isEqualTo("UP");
	}

	@Test
	void shouldExposeMetricsToPrometheus() throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus", "text/plain");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().lines()).as("JVM metrics named after the registry")
			.anySatisfy((line) -> assertThat(line).startsWith("jvm_memory_used_bytes{")
				.contains("application=\"discovery-server\""));
	}

	@Test
	void shouldNotExposeOtherActuatorEndpoints() throws Exception {
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/metrics")) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(401);
			assertThat(get(path, "application/json", BASIC).statusCode()).as(path).isEqualTo(404);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return get(path, "application/json");
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return get(path, accept, null);
	}

	private HttpResponse<String> get(String path, String accept, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.header("Accept", accept));
	}

	private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
		HttpRequest request = builder
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
