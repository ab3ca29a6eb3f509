package io.coupon.api.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis half of a rebuild, against a real Redis: the guard, the staged user set and {@code rebuild.lua}. */
class IssueLedgerRebuildIntegrationTests {

	private static final Duration TTL = Duration.ofMinutes(1);

	private static final AtomicLong couponIds = new AtomicLong(3_000_000_000L + System.nanoTime() % 1_000_000_000L);

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
	void shouldLoadTheStagedUsersTheirCountAndTheStock() {
		long coupon = couponIds.incrementAndGet();
		IssueKeys keys = new IssueKeys(coupon);
		// A publish of the lost state that ended indeterminate after the loss wrote this record.
		ledger.markIndeterminate(coupon, 9_999, Instant.now());
		List<Long> rows = LongStream.rangeClosed(1, 2_500).boxed().toList();
		for (int from = 0; from < rows.size(); from += 1_000) {
			ledger.stageRebuiltUsers(coupon, "t1", rows.subList(from, Math.min(rows.size(), from + 1_000)), TTL);
		}

		assertThat(ledger.loadRebuiltState(coupon, "t1", 5_000, rows.size()))
			.isEqualTo(IssueLedger.RebuildLoad.LOADED);

		assertThat(redisson.getSet(keys.users()).size()).isEqualTo(2_500);
		assertThat(redisson.getSet(keys.users()).remainTimeToLive()).as("the user set lives as long as the stock")
			.isEqualTo(-1);
		assertThat(ledger.snapshot(coupon)).isEqualTo(new IssueLedger.Snapshot(true, 5_000, 2_500));
		assertThat(ledger.pendingSlots()).as("no record of the lost state survives")
			.noneMatch((slot) -> slot.couponId() == coupon);
		assertThat(redisson.getKeys().countExists(keys.rebuildStaging("t1"))).isZero();
		assertThat(ledger.issueAtomically(coupon, 1_234, Instant.now())).as("a user with a row").isEqualTo(-1);
		assertThat(ledger.issueAtomically(coupon, 9_999, Instant.now())).isEqualTo(2_501);
	}

	@Test
	void shouldLeaveAStateThatCameBackAlone() {
		long coupon = couponIds.incrementAndGet();
		IssueKeys keys = new IssueKeys(coupon);
		ledger.initialise(coupon, 10);
		assertThat(ledger.issueAtomically(coupon, 1, Instant.now())).isEqualTo(1);
		ledger.stageRebuiltUsers(coupon, "late", List.of(7L, 8L), TTL);

		assertThat(ledger.loadRebuiltState(coupon, "late", 10, 2)).isEqualTo(IssueLedger.RebuildLoad.ALREADY_LOADED);

		assertThat(redisson.<String>getSet(keys.users()).readAll()).containsExactly("1");
		assertThat(ledger.snapshot(coupon)).isEqualTo(new IssueLedger.Snapshot(true, 10, 1));
		assertThat(ledger.isPending(coupon, 1)).as("the live pending record is kept").isTrue();
		assertThat(redisson.getKeys().countExists(keys.rebuildStaging("late"))).isZero();
	}

	@Test
	void shouldLoadAnEmptyStateWhenNoRowExists() {
		long coupon = couponIds.incrementAndGet();
		IssueKeys keys = new IssueKeys(coupon);
		redisson.getSet(keys.users()).add("stale");

		assertThat(ledger.loadRebuiltState(coupon, "none", 3, 0)).isEqualTo(IssueLedger.RebuildLoad.LOADED);

		assertThat(redisson.getKeys().countExists(keys.users())).isZero();
		assertThat(ledger.snapshot(coupon)).isEqualTo(new IssueLedger.Snapshot(true, 3, 0));
	}

	@Test
	void shouldWriteNothingWhenTheStagedSetIsIncomplete() {
		long coupon = couponIds.incrementAndGet();
		ledger.stageRebuiltUsers(coupon, "lost", List.of(1L, 2L, 3L), TTL);

		assertThat(ledger.loadRebuiltState(coupon, "lost", 10, 4)).isEqualTo(IssueLedger.RebuildLoad.STAGING_LOST);

		assertThat(ledger.snapshot(coupon).loaded()).isFalse();
		assertThat(redisson.getKeys().countExists(new IssueKeys(coupon).users())).isZero();
	}

	@Test
	void shouldGiveTheGuardToOneRebuildAtATimeAndLetOnlyItsHolderReleaseIt() {
		long coupon = couponIds.incrementAndGet();
		String guard = new IssueKeys(coupon).rebuildGuard();

		assertThat(ledger.tryGuardRebuild(coupon, "a", TTL)).isTrue();
		assertThat(redisson.getBucket(guard).remainTimeToLive()).as("the guard expires on its own")
			.isBetween(1L, TTL.toMillis());
		assertThat(ledger.tryGuardRebuild(coupon, "b", TTL)).isFalse();
		ledger.releaseRebuildGuard(coupon, "b");
		assertThat(ledger.tryGuardRebuild(coupon, "b", TTL)).as("b could not release a's guard").isFalse();
		ledger.releaseRebuildGuard(coupon, "a");
		assertThat(ledger.tryGuardRebuild(coupon, "b", TTL)).isTrue();
	}

}
