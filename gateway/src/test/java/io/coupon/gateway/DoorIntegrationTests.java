package io.coupon.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.coupon.gateway.door.DoorKeys;
import io.coupon.infra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.willReturn;

/**
 * R15: the door against a real Redis, in the default jwt mode with the rate limiter on. This test writes each coupon's
 * door hash as coupon-api's scripts do (DoorMarkIntegrationTests in coupon-api checks that they do; the layout is
 * DoorKeys.CONTRACT, checked on both sides), and a stand-in replica counts what reaches it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "spring.test.webtestclient.timeout=30s",
				"coupon.security.jwt.hmac-secret=" + TestTokens.SECRET, "coupon.rate-limit.replenish-rate=1",
				"coupon.rate-limit.burst-capacity=3" })
@AutoConfigureWebTestClient
class DoorIntegrationTests {

	static final StubUpstream replica = StubUpstream.start("replica-door");

	// Coupon ids of their own, so that no other test in this JVM's Redis shares a door hash with these.
	private static final AtomicLong couponIds = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);

	// Every request from a user of its own, so that the rate limiter never answers in these tests' place.
	private static final AtomicLong userIds = new AtomicLong(900_000_000L + System.nanoTime() % 100_000_000L);

	@Autowired
	private WebTestClient client;

	// A spy only so that one test can make the holder check's Redis unreachable; otherwise the real template.
	@MockitoSpyBean
	private ReactiveStringRedisTemplate redis;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-api[0].uri", replica::uri);
		registry.add("spring.data.redis.url", TestInfrastructure::redisUrl);
	}

	@AfterAll
	static void stopReplica() {
		replica.close();
	}

	@Test
	void shouldAnswerSoldOutWithinASecondWithoutReachingTheReplica() {
		long coupon = couponIds.incrementAndGet();
		String path = issuePath(coupon);
		issue(path, newUser()).expectStatus().isOk();
		double before = doorAnswers("sold-out");

		// What issue.lua does with the grant that takes the last unit.
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		Instant soldOut = Instant.now();
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> issue(path, newUser()).returnResult(String.class).getStatus().value() == 409);
		assertThat(Duration.between(soldOut, Instant.now())).isLessThanOrEqualTo(Duration.ofSeconds(1));

		int reached = replica.hits("POST", path);
		for (int i = 0; i < 20; i++) {
			ProblemBody problem = problem(issue(path, newUser()).expectStatus().isEqualTo(409));
			assertThat(problem.type()).isEqualTo("https://coupon.example/problems/sold-out");
			assertThat(problem.title()).isEqualTo("Coupon sold out");
			assertThat(problem.status()).isEqualTo(409);
			assertThat(problem.detail()).isEqualTo("Coupon " + coupon + " is sold out");
			assertThat(problem.instance()).isEqualTo(path);
		}
		assertThat(replica.hits("POST", path)).as("no door answer reaches a replica").isEqualTo(reached);
		assertThat(doorAnswers("sold-out") - before).isGreaterThanOrEqualTo(21);
	}

	@Test
	void shouldSendAHolderOfASoldOutCouponToTheReplicaAndAnswerEveryoneElseAtTheDoor() {
		long coupon = couponIds.incrementAndGet();
		String path = issuePath(coupon);
		String holder = newUser();
		// What issue.lua does with the grant that takes the last unit: the holder's member, then the mark.
		this.redis.opsForSet().add(DoorKeys.usersKey(coupon), holder).block();
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);
		double holdersBefore = holderChecks("holder");

		int reached = replica.hits("POST", path);
		// The holder's retry (say, after a timeout) reaches a replica, which answers already-issued; here the
		// stand-in answers 200, which no door answer is.
		issue(path, holder).expectStatus().isOk();
		issue(path, holder).expectStatus().isOk();
		assertThat(replica.hits("POST", path)).as("the holder's presses reach the replica").isEqualTo(reached + 2);
		for (int i = 0; i < 5; i++) {
			ProblemBody problem = problem(issue(path, newUser()).expectStatus().isEqualTo(409));
			assertThat(problem.type()).isEqualTo("https://coupon.example/problems/sold-out");
		}
		assertThat(replica.hits("POST", path)).as("no other user's press reaches it").isEqualTo(reached + 2);
		assertThat(holderChecks("holder") - holdersBefore).isEqualTo(2);
	}

	@Test
	void shouldSendTheRequestToTheReplicaWhenRedisFailsTheHolderCheck() {
		long coupon = couponIds.incrementAndGet();
		String path = issuePath(coupon);
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);
		double failedBefore = holderChecks("failed");

		// Redis unreachable for the check, while the door's reading (polled a moment ago) is still believed.
		try (ReactiveStringRedisTemplateOnNothing unreachable = new ReactiveStringRedisTemplateOnNothing()) {
			willReturn(unreachable.template().opsForSet()).given(this.redis).opsForSet();
			int reached = replica.hits("POST", path);
			issue(path, newUser()).expectStatus().isOk();
			assertThat(replica.hits("POST", path)).as("a failed check sends the request on").isEqualTo(reached + 1);
		}
		finally {
			Mockito.reset(this.redis);
		}

		// A Redis error reply for the check (the key is not a set) fails open as well.
		this.redis.opsForValue().set(DoorKeys.usersKey(coupon), "not a set").block();
		int reached = replica.hits("POST", path);
		issue(path, newUser()).expectStatus().isOk();
		assertThat(replica.hits("POST", path)).isEqualTo(reached + 1);
		assertThat(holderChecks("failed") - failedBefore).isGreaterThanOrEqualTo(2);
	}

	@Test
	void shouldAnswerNotOpenYetAndClosedAtTheDoor() {
		long notYet = couponIds.incrementAndGet();
		Instant opens = Instant.parse("2030-01-01T00:00:00Z");
		door(notYet, Map.of(DoorKeys.OPENS_AT, Long.toString(opens.toEpochMilli())));
		long closed = couponIds.incrementAndGet();
		Instant closes = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		// A closed coupon that also sold out: the window is checked first, as coupon-api does.
		door(closed, Map.of(DoorKeys.CLOSES_AT, Long.toString(closes.toEpochMilli()), DoorKeys.SOLD_OUT, "1"));

		ProblemBody notOpen = awaitDoorAnswer(notYet);
		assertThat(notOpen.type()).isEqualTo("https://coupon.example/problems/not-open");
		assertThat(notOpen.title()).isEqualTo("Coupon not open for issuance");
		assertThat(notOpen.detail()).isEqualTo("Coupon " + notYet + " is issued from " + opens + " until (unbounded)");
		ProblemBody ended = awaitDoorAnswer(closed);
		assertThat(ended.type()).isEqualTo("https://coupon.example/problems/not-open");
		assertThat(ended.detail()).isEqualTo("Coupon " + closed + " is issued from (unbounded) until " + closes);

		int reached = replica.totalHits();
		for (int i = 0; i < 10; i++) {
			issue(issuePath(notYet), newUser()).expectStatus().isEqualTo(409);
			issue(issuePath(closed), newUser()).expectStatus().isEqualTo(409);
		}
		// coupon-api checks the window before the user's slot, so a holder is told not-open after the close too.
		String holder = newUser();
		this.redis.opsForSet().add(DoorKeys.usersKey(closed), holder).block();
		assertThat(problem(issue(issuePath(closed), holder).expectStatus().isEqualTo(409)).type())
			.isEqualTo("https://coupon.example/problems/not-open");
		assertThat(replica.totalHits()).isEqualTo(reached);
		assertThat(doorAnswers("not-open-yet")).isPositive();
		assertThat(doorAnswers("closed")).isPositive();
	}

	@Test
	void shouldOpenTheDoorAgainWhenStockComesBackOrRedisLosesTheMark() {
		long coupon = couponIds.incrementAndGet();
		String path = issuePath(coupon);
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);

		// What release.lua (a slot given back) and rebuild.lua (a rebuild with stock left) do.
		this.redis.opsForHash().remove(DoorKeys.key(coupon), DoorKeys.SOLD_OUT).block();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> issue(path, newUser()).returnResult(String.class).getStatus().value() == 200);
		int reached = replica.hits("POST", path);
		for (int i = 0; i < 5; i++) {
			issue(path, newUser()).expectStatus().isOk();
		}
		assertThat(replica.hits("POST", path)).isEqualTo(reached + 5);

		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);
		// Redis restarted empty: the hash is gone with the rest.
		this.redis.delete(DoorKeys.key(coupon)).block();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> issue(path, newUser()).returnResult(String.class).getStatus().value() == 200);
	}

	@Test
	void shouldNeverAnswerACouponWithStockLeftAtTheDoor() {
		long open = couponIds.incrementAndGet();
		door(open, Map.of(DoorKeys.CLOSES_AT, Long.toString(Instant.now().plus(Duration.ofDays(1)).toEpochMilli())));
		long soldOut = couponIds.incrementAndGet();
		door(soldOut, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(soldOut);

		// Long enough for several polls of both coupons.
		Instant until = Instant.now().plus(Duration.ofMillis(1_500));
		int sent = 0;
		while (Instant.now().isBefore(until)) {
			issue(issuePath(open), newUser()).expectStatus().isOk();
			sent++;
		}
		assertThat(replica.hits("POST", issuePath(open))).as("every request for a coupon with stock left reached the "
				+ "replica: the door never answered it (I6)").isEqualTo(sent);
	}

	@Test
	void shouldStillRefuseARequestWithoutATokenFirst() {
		long coupon = couponIds.incrementAndGet();
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);

		ProblemBody problem = problem(this.client.post()
			.uri(issuePath(coupon))
			.header("X-USER-ID", "42")
			.exchange()
			.expectStatus()
			.isUnauthorized());
		assertThat(problem.type()).isEqualTo("https://coupon.example/problems/unauthorized");
	}

	@Test
	void shouldNotCountDoorAnswersAgainstTheRateLimit() {
		long coupon = couponIds.incrementAndGet();
		door(coupon, Map.of(DoorKeys.SOLD_OUT, "1"));
		awaitDoorAnswer(coupon);
		String user = newUser();

		// Burst capacity 3: ten answers from the limiter would include 429s.
		for (int i = 0; i < 10; i++) {
			issue(issuePath(coupon), user).expectStatus().isEqualTo(409);
		}
		long open = couponIds.incrementAndGet();
		issue(issuePath(open), user).expectStatus().isOk();
	}

	private ProblemBody awaitDoorAnswer(long coupon) {
		String path = issuePath(coupon);
		// The first request of a coupon starts its reading; the next poll brings the door's answer.
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> issue(path, newUser()).returnResult(String.class).getStatus().value() == 409);
		return problem(issue(path, newUser()).expectStatus().isEqualTo(409));
	}

	private WebTestClient.ResponseSpec issue(String path, String user) {
		return this.client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(user))
			.exchange();
	}

	private static ProblemBody problem(WebTestClient.ResponseSpec answer) {
		EntityExchangeResult<ProblemBody> result = answer.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(ProblemBody.class)
			.returnResult();
		assertThat(result.getResponseBody()).isNotNull();
		return result.getResponseBody();
	}

	private void door(long coupon, Map<String, String> fields) {
		this.redis.opsForHash().putAll(DoorKeys.key(coupon), fields).block();
	}

	private double holderChecks(String result) {
		return this.meters.counter("coupon.gateway.door.holder-check", "result", result).count();
	}

	/** A template on a port where nothing listens: every command fails to connect. */
	private static final class ReactiveStringRedisTemplateOnNothing implements AutoCloseable {

		private final LettuceConnectionFactory factory;

		ReactiveStringRedisTemplateOnNothing() {
			URI refusing = URI.create(Upstreams.refusing());
			this.factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(refusing.getHost(), refusing.getPort()));
			this.factory.afterPropertiesSet();
			this.factory.start();
		}

		ReactiveStringRedisTemplate template() {
			return new ReactiveStringRedisTemplate(this.factory);
		}

		@Override
		public void close() {
			this.factory.destroy();
		}

	}

	private double doorAnswers(String reason) {
		return this.meters.counter("coupon.gateway.door", "reason", reason).count();
	}

	private static String issuePath(long coupon) {
		return "/api/v1/coupons/" + coupon + "/issue";
	}

	private static String newUser() {
		return Long.toString(userIds.incrementAndGet());
	}

}
