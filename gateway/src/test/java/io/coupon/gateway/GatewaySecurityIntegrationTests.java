package io.coupon.gateway;

import java.time.Duration;
import java.util.List;

import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default jwt mode (R8-R10): identity from verified tokens only, the admin scope, the per-user rate limit in a
 * real Redis, and closed management paths. One stub replica echoes the X-USER-ID values it received.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "spring.test.webtestclient.timeout=30s",
				"coupon.security.jwt.hmac-secret=" + TestTokens.SECRET, "coupon.rate-limit.replenish-rate=0.5",
				"coupon.rate-limit.burst-capacity=3" })
@AutoConfigureWebTestClient
class GatewaySecurityIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica-a");

	@Autowired
	private WebTestClient client;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
		registry.add("spring.data.redis.url", TestInfrastructure::redisUrl);
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
	void shouldReplaceAForgedUserIdWithTheTokensSubject() {
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.header("X-USER-ID", "2002")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(StubUpstream.SEEN_USER_IDS, "1001");
	}

	@Test
	void shouldSetTheUserIdFromTheTokenWhenTheClientSendsNone() {
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1003"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(StubUpstream.SEEN_USER_IDS, "1003");
	}

	@Test
	void shouldRefuseARequestWithoutATokenAndNeverRouteIt() {
		ProblemBody problem = this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header("X-USER-ID", "2002")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/unauthorized");
		assertThat(problem.status()).isEqualTo(401);
		assertThat(problem.instance()).isEqualTo("/api/v1/coupons/1/issue");
		assertThat(replica.totalHits()).isZero();
	}

	@Test
	void shouldRefuseEveryBadTokenWithTheSameProblemDetail() {
		List<String> badTokens = List.of(TestTokens.expired("1001"), TestTokens.signedWith(
				"another-secret-that-is-also-32-bytes-long", "1001"), TestTokens.withoutExpiry("1001"),
				TestTokens.rs256("1001"), TestTokens.unsigned("1001"), "not.a.jwt", "abc",
				TestTokens.user("1001").replace('.', '!'));
		for (String token : badTokens) {
			ProblemBody problem = this.client.post()
				.uri("/api/v1/coupons/1/issue")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.expectBody(ProblemBody.class)
				.returnResult()
				.getResponseBody();
			assertThat(problem).as(token).isNotNull();
			assertThat(problem.type()).as(token).isEqualTo("https://coupon.example/problems/unauthorized");
		}
		assertThat(replica.totalHits()).isZero();
	}

	@Test
	void shouldLetOnlyAnAdminCreateCoupons() {
		String coupon = "{\"name\":\"flash\",\"totalQuantity\":10}";
		ProblemBody problem = this.client.post()
			.uri("/api/v1/coupons")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(coupon)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(ProblemBody.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/forbidden");
		assertThat(replica.totalHits()).isZero();

		this.client.post()
			.uri("/api/v1/coupons")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("ops-1"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(coupon)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(replica.hits("POST", "/api/v1/coupons")).isEqualTo(1);
	}

	@Test
	void shouldLetAUserReadOnlyTheirOwnIssuance() {
		this.client.get()
			.uri("/api/v1/coupons/1/issues/1001")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/v1/coupons/1/issues/1002")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.get()
			.uri("/api/v1/coupons/1/issues/1002")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("ops-1"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/v1/coupons/1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(replica.totalHits()).isEqualTo(3);
	}

	@Test
	void shouldAnswer429WithRetryAfterWhenAUserBurstsOverTheLimit() {
		String token = "Bearer " + TestTokens.user("burst-" + System.nanoTime());
		// A burst of 3 passes; the 4th finds the bucket empty (it refills one token every 2 s).
		for (int i = 0; i < 3; i++) {
			this.client.post().uri("/api/v1/coupons/1/issue").header(HttpHeaders.AUTHORIZATION, token).exchange()
				.expectStatus().isOk();
		}
		WebTestClient.ResponseSpec limited = this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemBody problem = limited.expectBody(ProblemBody.class).returnResult().getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/too-many-requests");
		String retryAfter = limited.returnResult(String.class).getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		assertThat(retryAfter).isNotNull();
		assertThat(Long.parseLong(retryAfter)).isBetween(1L, 2L);
		assertThat(replica.hits("POST", "/api/v1/coupons/1/issue")).isEqualTo(3);

		// Another user is not affected by this one's empty bucket.
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("calm-" + System.nanoTime()))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void shouldRecordAUsersFirstRequestInRedisSoonAfterLettingItThrough() {
		String user = "first-" + System.nanoTime();
		this.client.post()
			.uri("/api/v1/coupons/1/issue")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(user))
			.exchange()
			.expectStatus()
			.isOk();

		// Let through at once, recorded in the next batch: the bucket of capacity 3 holds about 2 tokens.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.redis.opsForHash().get("gateway:rate:user:" + user, "n").block())
				.isNotNull()
				.satisfies((tokens) -> assertThat(Double.parseDouble((String) tokens)).isBetween(2.0, 2.1)));
	}

	@Test
	void shouldNotCountTheAdminsRequests() {
		// Operators' tools (the lab's routing probe, coupon creation) send more than a user's burst of 3.
		for (int i = 0; i < 6; i++) {
			this.client.get()
				.uri("/api/v1/instance")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("ops-2"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.client.get()
			.uri("/api/v1/instance")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("1001"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void shouldOpenOnlyHealthInfoAndPrometheus() {
		for (String open : List.of("/actuator/health", "/actuator/info", "/actuator/prometheus")) {
			this.client.get().uri(open).exchange().expectStatus().isOk();
		}
		for (String closed : List.of("/actuator", "/actuator/env", "/actuator/gateway/routes", "/actuator/beans",
				"/actuator/configprops", "/actuator/heapdump", "/actuator/metrics", "/")) {
			this.client.get().uri(closed).exchange().expectStatus().isUnauthorized();
			// Even with a valid token nothing else is served.
			this.client.get()
				.uri(closed)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.admin("ops-1"))
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).as(closed).isIn(403, 404));
		}
		assertThat(replica.totalHits()).isZero();
	}

}
