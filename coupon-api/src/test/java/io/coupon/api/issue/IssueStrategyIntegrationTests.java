package io.coupon.api.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueKeys;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every strategy against a real Redis under a storm of concurrent requests: stock 100, 600 users each sending 3
 * requests at once (1,800 requests, at most 96 in flight).
 */
class IssueStrategyIntegrationTests {

	private static final int STOCK = 100;

	private static final int USERS = 600;

	private static final int REQUESTS_PER_USER = 3;

	private static final AtomicLong couponIds = new AtomicLong(System.nanoTime() % 1_000_000_000L);

	private static RedissonClient redisson;

	private static IssueLedger ledger;

	@BeforeAll
	static void connect() {
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		config.setUseScriptCache(true);
		config.useSingleServer().setAddress(TestInfrastructure.redisUrl()).setConnectionPoolSize(64);
		redisson = Redisson.create(config);
		ledger = new IssueLedger(redisson);
	}

	@AfterAll
	static void disconnect() {
		redisson.shutdown();
	}

	@Test
	void shouldNeverIssuePastStockOrTwiceToAUserWithLua() throws Exception {
		assertSafe(new LuaIssueStrategy(ledger));
	}

	@Test
	void shouldNeverIssuePastStockOrTwiceToAUserWithUnfairLock() throws Exception {
		assertSafe(new LockIssueStrategy(redisson, ledger, false, Duration.ofSeconds(30), Duration.ofSeconds(1)));
	}

	@Test
	void shouldNeverIssuePastStockOrTwiceToAUserWithFairLock() throws Exception {
		assertSafe(new LockIssueStrategy(redisson, ledger, true, Duration.ofSeconds(30), Duration.ofSeconds(1)));
	}

	@Test
	void shouldMeasureTheViolationsOfTheOriginSetIncrStrategy() throws Exception {
		// The worker has written no row yet (the database check always says "not issued"): the window in which the
		// origin design lets a repeated request through.
		IssuedCouponLookup noRowsYet = new IssuedCouponLookup(null) {
			@Override
			boolean exists(long couponId, long userId) {
				return false;
			}
		};
		Storm storm = storm(new SetIncrIssueStrategy(redisson, ledger, noRowsYet));
		long usersGrantedTwiceOrMore = storm.grantsPerUser.values().stream().filter((n) -> n > 1).count();
		long distinctUsers = storm.grantsPerUser.size();
		System.out.printf("set-incr: %d grants to %d distinct users; %d users granted more than once; "
				+ "%d of %d units stranded%n", storm.granted(), distinctUsers, usersGrantedTwiceOrMore,
				STOCK - distinctUsers, STOCK);
		assertThat(storm.outcomes.values().stream().mapToInt(Integer::intValue).sum())
			.as("every request of the storm got an answer").isEqualTo(USERS * REQUESTS_PER_USER);
	}

	@Test
	void shouldReportNotLoadedWhenRedisHoldsNoStock() {
		CouponDefinition unknown = new CouponDefinition(couponIds.incrementAndGet(), "lost", STOCK, null, null);
		assertThat(new LuaIssueStrategy(ledger).decide(unknown, 1, Instant.now())).isEqualTo(IssueDecision.NOT_LOADED);
		assertThat(new LockIssueStrategy(redisson, ledger, false, Duration.ofSeconds(1), Duration.ofSeconds(1))
			.decide(unknown, 1, Instant.now())).isEqualTo(IssueDecision.NOT_LOADED);
	}

	@Test
	void shouldGiveASlotBackOnlyOnceAndOnlyToItsHolder() {
		CouponDefinition coupon = newCoupon(1);
		LuaIssueStrategy strategy = new LuaIssueStrategy(ledger);
		assertThat(strategy.decide(coupon, 7, Instant.now())).isEqualTo(IssueDecision.granted(1));
		assertThat(strategy.decide(coupon, 8, Instant.now())).isEqualTo(IssueDecision.SOLD_OUT);

		assertThat(ledger.release(coupon.id(), 8)).as("a user without a slot frees nothing").isFalse();
		assertThat(ledger.release(coupon.id(), 7)).isTrue();
		assertThat(ledger.release(coupon.id(), 7)).as("a second release frees nothing").isFalse();
		assertThat(ledger.snapshot(coupon.id()).issued()).isZero();
		assertThat(strategy.decide(coupon, 8, Instant.now())).isEqualTo(IssueDecision.granted(1));
	}

	@Test
	void shouldAskForARepublishOnlyAfterAnIndeterminatePublish() {
		CouponDefinition coupon = newCoupon(5);
		LuaIssueStrategy strategy = new LuaIssueStrategy(ledger);
		assertThat(strategy.decide(coupon, 7, Instant.now()).outcome()).isEqualTo(IssueDecision.Outcome.GRANTED);
		assertThat(strategy.decide(coupon, 7, Instant.now())).as("first request still in flight")
			.isEqualTo(IssueDecision.ALREADY_ISSUED);
		ledger.markIndeterminate(coupon.id(), 7, Instant.now());
		assertThat(strategy.decide(coupon, 7, Instant.now())).isEqualTo(IssueDecision.REPUBLISH);
		assertThat(ledger.snapshot(coupon.id()).issued()).as("a republish takes no second slot").isEqualTo(1);
		ledger.confirm(coupon.id(), 7);
		org.awaitility.Awaitility.await()
			.untilAsserted(() -> assertThat(strategy.decide(coupon, 7, Instant.now()))
				.isEqualTo(IssueDecision.ALREADY_ISSUED));
	}

	@Test
	void shouldDeleteThePendingRecordsOfConfirmedSlotsOfEveryCoupon() {
		CouponDefinition first = newCoupon(100);
		CouponDefinition second = newCoupon(100);
		LuaIssueStrategy strategy = new LuaIssueStrategy(ledger);
		for (long user = 1; user <= 60; user++) {
			assertThat(strategy.decide(first, user, Instant.now()).outcome()).isEqualTo(IssueDecision.Outcome.GRANTED);
			assertThat(strategy.decide(second, user, Instant.now()).outcome()).isEqualTo(IssueDecision.Outcome.GRANTED);
		}
		assertThat(ledger.pendingSlots()).filteredOn((slot) -> slot.couponId() == first.id()).hasSize(60);

		for (long user = 1; user <= 60; user++) {
			ledger.confirm(first.id(), user);
			// The second coupon keeps one slot unconfirmed: only confirmed records may go.
			if (user != 42) {
				ledger.confirm(second.id(), user);
			}
		}

		org.awaitility.Awaitility.await().untilAsserted(() -> {
			assertThat(ledger.pendingSlots()).filteredOn((slot) -> slot.couponId() == first.id()).isEmpty();
			assertThat(ledger.pendingSlots()).filteredOn((slot) -> slot.couponId() == second.id())
				.extracting(IssueLedger.PendingSlot::userId)
				.containsExactly(42L);
		});
	}

	@Test
	void shouldFlushAConfirmationThatArrivesAfterTheLedgerWasIdle() {
		CouponDefinition coupon = newCoupon(10);
		LuaIssueStrategy strategy = new LuaIssueStrategy(ledger);
		for (long user = 1; user <= 3; user++) {
			assertThat(strategy.decide(coupon, user, Instant.now()).outcome()).isEqualTo(IssueDecision.Outcome.GRANTED);
		}
		// Flushes are scheduled by confirmations, not by a timer: each of these, after the previous one's flush,
		// must schedule one of its own.
		for (long user = 1; user <= 3; user++) {
			long confirmed = user;
			ledger.confirm(coupon.id(), confirmed);
			org.awaitility.Awaitility.await()
				.untilAsserted(() -> assertThat(ledger.isPending(coupon.id(), confirmed))
					.as("user " + confirmed + "'s pending record, once confirmed")
					.isFalse());
		}
		assertThat(ledger.pendingSlots()).filteredOn((slot) -> slot.couponId() == coupon.id()).isEmpty();
	}

	private void assertSafe(IssueStrategy strategy) throws Exception {
		Storm storm = storm(strategy);
		String invariant = strategy.name() + ": granted = min(stock, users), no user twice";
		assertThat(storm.granted()).as(invariant).isEqualTo(STOCK);
		assertThat(storm.grantsPerUser).as(invariant).hasSize(STOCK).allSatisfy((user, n) -> assertThat(n).isOne());
		assertThat(storm.outcomes.get(IssueDecision.Outcome.SOLD_OUT)
				+ storm.outcomes.get(IssueDecision.Outcome.ALREADY_ISSUED))
			.isEqualTo(USERS * REQUESTS_PER_USER - STOCK);
		IssueKeys keys = new IssueKeys(storm.coupon.id());
		assertThat(redisson.getSet(keys.users()).size()).as("users holding a slot").isEqualTo(STOCK);
		assertThat(ledger.snapshot(storm.coupon.id()).issued()).as("issued counter").isEqualTo(STOCK);
	}

	private Storm storm(IssueStrategy strategy) throws Exception {
		CouponDefinition coupon = newCoupon(STOCK);
		Semaphore inFlight = new Semaphore(96);
		List<Future<Map.Entry<Long, IssueDecision>>> futures = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			// One user's requests arrive together, as when a button is pressed repeatedly: the window the
			// strategies' dedup must close.
			for (long user = 1; user <= USERS; user++) {
				for (int request = 0; request < REQUESTS_PER_USER; request++) {
					long userId = user;
					inFlight.acquire();
					futures.add(executor.submit(() -> {
						try {
							return Map.entry(userId, strategy.decide(coupon, userId, Instant.now()));
						}
						finally {
							inFlight.release();
						}
					}));
				}
			}
		}
		Map<IssueDecision.Outcome, Integer> outcomes = new EnumMap<>(IssueDecision.Outcome.class);
		for (IssueDecision.Outcome outcome : IssueDecision.Outcome.values()) {
			outcomes.put(outcome, 0);
		}
		Map<Long, Integer> grantsPerUser = new HashMap<>();
		for (Future<Map.Entry<Long, IssueDecision>> future : futures) {
			Map.Entry<Long, IssueDecision> result = future.get();
			outcomes.merge(result.getValue().outcome(), 1, Integer::sum);
			if (result.getValue().outcome() == IssueDecision.Outcome.GRANTED) {
				grantsPerUser.merge(result.getKey(), 1, Integer::sum);
			}
		}
		return new Storm(coupon, outcomes, grantsPerUser);
	}

	private static CouponDefinition newCoupon(int stock) {
		CouponDefinition coupon = new CouponDefinition(couponIds.incrementAndGet(), "storm", stock, null, null);
		ledger.initialise(coupon.id(), stock);
		return coupon;
	}

	private record Storm(CouponDefinition coupon, Map<IssueDecision.Outcome, Integer> outcomes,
			Map<Long, Integer> grantsPerUser) {

		int granted() {
			return this.outcomes.get(IssueDecision.Outcome.GRANTED);
		}

	}

}
