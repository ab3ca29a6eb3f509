package io.coupon.api.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What coupon-api writes for the gateways' door, against a real Redis (R15): the sold-out mark appears with the grant
 * that takes the last unit and never before, and goes whenever stock comes back (a slot given back, a rebuild); the
 * window is written at creation and again by a not-open answer.
 */
class DoorMarkIntegrationTests {

	private static final AtomicLong couponIds = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000_000L);

	private static RedissonClient redisson;

	private static IssueLedger ledger;

	@BeforeAll
	static void connect() {
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		config.useSingleServer().setAddress(TestInfrastructure.redisUrl());
		redisson = Redisson.create(config);
		ledger = new IssueLedger(redisson);
	}

	@AfterAll
	static void disconnect() {
		ledger.close();
		redisson.shutdown();
	}

	@Test
	void shouldMarkSoldOutWithTheGrantThatTakesTheLastUnitAndNotBefore() {
		long coupon = couponIds.incrementAndGet();
		ledger.initialise(coupon, 3);
		Instant now = Instant.now();

		for (long user = 1; user <= 2; user++) {
			assertThat(ledger.issueAtomically(coupon, user, now)).isEqualTo(user);
			assertThat(ledger.door(coupon)).as("no mark while stock remains (I6)").doesNotContainKey("sold-out");
		}
		assertThat(ledger.issueAtomically(coupon, 2, now)).as("a repeat changes nothing").isEqualTo(-1);
		assertThat(ledger.door(coupon)).doesNotContainKey("sold-out");

		assertThat(ledger.issueAtomically(coupon, 3, now)).isEqualTo(3);

		assertThat(ledger.door(coupon)).containsEntry("sold-out", "1");
		assertThat(ledger.issueAtomically(coupon, 4, now)).isEqualTo(-2);
	}

	@Test
	void shouldMarkSoldOutAgainWhenTheDecisionFindsTheStockGoneWithoutAMark() {
		long coupon = couponIds.incrementAndGet();
		ledger.initialise(coupon, 1);
		ledger.issueAtomically(coupon, 1, Instant.now());
		redisson.getKeys().delete(new IssueKeys(coupon).door());

		assertThat(ledger.issueAtomically(coupon, 2, Instant.now())).isEqualTo(-2);

		assertThat(ledger.door(coupon)).containsEntry("sold-out", "1");
	}

	@Test
	void shouldClearTheMarkWhenASlotIsGivenBack() {
		long coupon = couponIds.incrementAndGet();
		ledger.initialise(coupon, 2);
		ledger.issueAtomically(coupon, 1, Instant.now());
		ledger.issueAtomically(coupon, 2, Instant.now());
		assertThat(ledger.door(coupon)).containsEntry("sold-out", "1");

		assertThat(ledger.release(coupon, 2)).isTrue();

		assertThat(ledger.door(coupon)).as("a unit is stock again: the door must open").doesNotContainKey("sold-out");
		assertThat(ledger.issueAtomically(coupon, 3, Instant.now())).as("and the unit can be had").isEqualTo(2);
		assertThat(ledger.door(coupon)).containsEntry("sold-out", "1");
	}

	@Test
	void shouldSetOrClearTheMarkFromTheRebuiltCount() {
		long soldOut = couponIds.incrementAndGet();
		ledger.stageRebuiltUsers(soldOut, "full", List.of(1L, 2L), Duration.ofMinutes(1));
		assertThat(ledger.loadRebuiltState(soldOut, "full", 2, 2)).isEqualTo(IssueLedger.RebuildLoad.LOADED);
		assertThat(ledger.door(soldOut)).containsEntry("sold-out", "1");

		long left = couponIds.incrementAndGet();
		// A mark that outlived the loss of the rest (the rows say one unit is left).
		redisson.getMap(new IssueKeys(left).door()).put("sold-out", "1");
		ledger.stageRebuiltUsers(left, "partial", List.of(1L), Duration.ofMinutes(1));
		assertThat(ledger.loadRebuiltState(left, "partial", 2, 1)).isEqualTo(IssueLedger.RebuildLoad.LOADED);
		assertThat(ledger.door(left)).as("a rebuild with stock left clears the mark").doesNotContainKey("sold-out");
	}

	@Test
	void shouldWriteTheWindowAtCreationAndForgetWhatAnEarlierAttemptLeft() {
		long coupon = couponIds.incrementAndGet();
		redisson.getMap(new IssueKeys(coupon).door()).putAll(Map.of("sold-out", "1", "closes-at", "1"));
		Instant opens = Instant.parse("2030-01-01T00:00:00Z");

		ledger.initialise(coupon, 5, opens, null);

		assertThat(ledger.door(coupon)).containsExactly(Map.entry("opens-at", Long.toString(opens.toEpochMilli())));
		assertThat(ledger.snapshot(coupon)).isEqualTo(new IssueLedger.Snapshot(true, 5, 0));
	}

	@Test
	void shouldPublishTheWindowAgainWithoutTouchingTheMark() {
		long coupon = couponIds.incrementAndGet();
		Instant opens = Instant.parse("2030-01-01T00:00:00Z");
		Instant closes = Instant.parse("2030-01-02T00:00:00Z");
		redisson.getMap(new IssueKeys(coupon).door()).put("sold-out", "1");

		ledger.publishWindow(coupon, opens, closes);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(ledger.door(coupon)).containsOnly(Map.entry("sold-out", "1"),
					Map.entry("opens-at", Long.toString(opens.toEpochMilli())),
					Map.entry("closes-at", Long.toString(closes.toEpochMilli()))));
	}

	@Test
	void shouldDiscardTheDoorOfAScratchCoupon() {
		long scratch = -couponIds.incrementAndGet();
		ledger.initialise(scratch, 1, Instant.parse("2030-01-01T00:00:00Z"), null);

		ledger.discard(scratch);

		assertThat(redisson.getKeys().countExists(new IssueKeys(scratch).door())).isZero();
	}

}
