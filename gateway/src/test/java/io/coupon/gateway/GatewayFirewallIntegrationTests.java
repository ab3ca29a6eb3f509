package io.coupon.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths a replica could read differently from the gateway's access rules, and unusual methods, are refused before
 * any rule or route, as raw requests (a client library would encode or normalise them first).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "coupon.rate-limit.enabled=false",
				"coupon.security.jwt.hmac-secret=" + TestTokens.SECRET })
class GatewayFirewallIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica-a");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
	}

	@AfterAll
	static void stop() {
		replica.close();
	}

	@Test
	void shouldRefuseAmbiguousPathsWith400AndNeverRouteThem() throws Exception {
		String admin = "Bearer " + TestTokens.admin("ops-1");
		for (String path : List.of("/api/v1/coupons/1/issue;v=1", "/api/v1/coupons/%2e%2e/instance",
				"/api/%2e%2e/actuator/env", "//api/v1/coupons", "/api/v1//coupons", "/api/v1/coupons/./1",
				"/api/v1/coupons/1/../../instance")) {
			HttpResponse<String> answer = send("GET", path, admin);
			assertThat(answer.statusCode()).as(path).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
			assertThat(answer.body()).as(path).contains("https://coupon.example/problems/invalid-request");
		}
		assertThat(replica.totalHits()).isZero();
	}

	@Test
	void shouldRefuseUnusualMethodsWith405() throws Exception {
		HttpResponse<String> answer = send("TRACE", "/api/v1/coupons/1", "Bearer " + TestTokens.admin("ops-1"));
		assertThat(answer.statusCode()).isEqualTo(405);
		assertThat(answer.body()).contains("https://coupon.example/problems/method-not-allowed");
		assertThat(replica.totalHits()).isZero();
	}

	@Test
	void shouldSendTheSecurityHeadersOnEveryAnswer() throws Exception {
		for (HttpResponse<String> answer : List.of(send("POST", "/api/v1/coupons/1/issue", null),
				send("POST", "/api/v1/coupons/1/issue", "Bearer " + TestTokens.user("1001")),
				send("GET", "//api/v1/coupons/1", null))) {
			assertThat(answer.statusCode()).isIn(200, 400, 401);
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(answer.headers().firstValue("Cache-Control")).hasValue(
					"no-cache, no-store, max-age=0, must-revalidate");
		}
	}

	private HttpResponse<String> send(String method, String path, String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
