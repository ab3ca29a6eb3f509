package io.coupon.gateway;

import com.nimbusds.jose.jwk.RSAKey;
import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RS256 tokens checked against an identity provider's JWKS endpoint: the keys are fetched once and kept, a token of
 * a key the provider does not publish is refused like any bad token, and a rotated key is picked up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "spring.test.webtestclient.timeout=30s",
				"coupon.rate-limit.enabled=false", "coupon.security.jwt.jwk-set.min-refresh-interval=0s" })
@AutoConfigureWebTestClient
class GatewayJwkSetIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica-a");

	static final StubJwkSet provider = StubJwkSet.start();

	static final RSAKey first = StubJwkSet.newKey("key-1");

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		provider.publish(first);
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
		registry.add("spring.data.redis.url", TestInfrastructure::redisUrl);
		registry.add("coupon.security.jwt.jwk-set-uri", provider::uri);
	}

	@AfterAll
	static void stop() {
		replica.close();
		provider.close();
	}

	@Test
	void shouldAcceptTokensOfThePublishedKeyAndFetchTheKeysOnce() {
		int fetchesBefore = provider.fetches();
		for (String user : new String[] { "1001", "1002", "1003" }) {
			this.client.post()
				.uri("/api/v1/coupons/1/issue")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rs256(first, user))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(StubUpstream.SEEN_USER_IDS, user);
		}
		// None when another test has fetched the keys already, one otherwise: never one per token.
		assertThat(provider.fetches() - fetchesBefore).isLessThanOrEqualTo(1);
		assertThat(provider.fetches()).isPositive();
	}

	@Test
	void shouldRefuseATokenOfAnUnpublishedKeyAndPickUpARotatedOne() {
		RSAKey rotated = StubJwkSet.newKey("key-2");
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rs256(rotated, "1001"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");

		provider.publish(first, rotated);
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.rs256(rotated, "1001"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void shouldRefuseAnHs256TokenWhenTheKeysAreRs256() {
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
