package io.coupon.gateway;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity provider's JWKS endpoint is down and no keys were ever fetched: a token cannot be checked, and the
 * client is told to come back (503 with Retry-After), not that its token is bad.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "spring.test.webtestclient.timeout=30s",
				"coupon.rate-limit.enabled=false", "coupon.retry-after=2s" })
@AutoConfigureWebTestClient
class GatewayJwkSetUnavailableIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica-a");

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		// A provider that was there once: its port is free again, so every connect is refused.
		StubJwkSet gone = StubJwkSet.start();
		String uri = gone.uri();
		gone.close();
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
		registry.add("coupon.security.jwt.jwk-set-uri", () -> uri);
	}

	@AfterAll
	static void stop() {
		replica.close();
	}

	@Test
	void shouldAnswer503WithRetryAfterAndNeverRouteTheRequest() {
		RSAKey key = StubJwkSet.newKey("key-1");
		EntityExchangeResult<ProblemBody> result = this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rs256(key, "1001"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult();

		assertThat(result.getResponseBody()).isNotNull();
		assertThat(result.getResponseBody().type()).isEqualTo("https://coupon.example/problems/unavailable");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
		assertThat(replica.totalHits()).isZero();
	}

}
