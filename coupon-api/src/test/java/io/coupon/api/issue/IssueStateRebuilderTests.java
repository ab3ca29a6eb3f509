package io.coupon.api.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * The rebuild's order of steps and its failure handling, with the ledger, the database and Kafka mocked. The waits
 * are zero here; {@code RedisRebuildIntegrationTests} runs the real thing.
 */
class IssueStateRebuilderTests {

	private static final CouponDefinition COUPON = new CouponDefinition(7, "rebuilt", 5_000, null, null);

	private static final Map<TopicPartition, Long> END = Map.of(new TopicPartition("coupon.issued", 0), 42L);

	private final IssueLedger ledger = mock();

	private final IssuedCouponLookup issuedCoupons = mock();

	private final WorkerProgress worker = mock();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private IssueStateRebuilder rebuilder = rebuilder(Duration.ofSeconds(30));

	@AfterEach
	void close() throws InterruptedException {
		this.rebuilder.close();
	}

	@Test
	void shouldLoadEveryRowPageByPageOnceTheWorkerCaughtUp() throws Exception {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(true);
		given(this.ledger.snapshot(7)).willReturn(new IssueLedger.Snapshot(false, 0, 0));
		given(this.worker.endOffsets(any())).willReturn(END);
		given(this.worker.uncommitted(eq(END), any())).willReturn(0L);
		List<Long> first = LongStream.rangeClosed(1, 1_000).boxed().toList();
		List<Long> second = LongStream.rangeClosed(1_001, 1_500).boxed().toList();
		given(this.issuedCoupons.userIdsAfter(7, 0, IssueStateRebuilder.PAGE_SIZE)).willReturn(first);
		given(this.issuedCoupons.userIdsAfter(7, 1_000, IssueStateRebuilder.PAGE_SIZE)).willReturn(second);
		given(this.ledger.loadRebuiltState(eq(7L), anyString(), eq(5_000), eq(1_500L)))
			.willReturn(IssueLedger.RebuildLoad.LOADED);

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.LOADED);

		then(this.ledger).should().stageRebuiltUsers(eq(7L), anyString(), eq(first), any());
		then(this.ledger).should().stageRebuiltUsers(eq(7L), anyString(), eq(second), any());
		then(this.ledger).should().releaseRebuildGuard(eq(7L), anyString());
	}

	@Test
	void shouldLeaveTheCouponToTheReplicaHoldingTheGuard() throws Exception {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(false);

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.GUARDED_ELSEWHERE);

		then(this.worker).should(never()).endOffsets(any());
		then(this.ledger).should(never()).releaseRebuildGuard(anyLong(), anyString());
	}

	@Test
	void shouldNotRebuildAStateThatIsBackAlready() throws Exception {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(true);
		given(this.ledger.snapshot(7)).willReturn(new IssueLedger.Snapshot(true, 5_000, 3));

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.ALREADY_LOADED);

		then(this.worker).should(never()).endOffsets(any());
		then(this.ledger).should().releaseRebuildGuard(eq(7L), anyString());
	}

	@Test
	void shouldFailAndReleaseTheGuardWhenTheWorkerStaysBehind() throws Exception {
		this.rebuilder.close();
		this.rebuilder = rebuilder(Duration.ZERO);
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(true);
		given(this.ledger.snapshot(7)).willReturn(new IssueLedger.Snapshot(false, 0, 0));
		given(this.worker.endOffsets(any())).willReturn(END);
		given(this.worker.uncommitted(eq(END), any())).willReturn(3L);

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.FAILED);

		then(this.issuedCoupons).should(never()).userIdsAfter(anyLong(), anyLong(), anyInt());
		then(this.ledger).should(never()).loadRebuiltState(anyLong(), anyString(), anyInt(), anyLong());
		then(this.ledger).should().releaseRebuildGuard(eq(7L), anyString());
	}

	@Test
	void shouldFailAndReleaseTheGuardWhenKafkaFails() throws Exception {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(true);
		given(this.ledger.snapshot(7)).willReturn(new IssueLedger.Snapshot(false, 0, 0));
		given(this.worker.endOffsets(any()))
			.willThrow(new org.apache.kafka.common.errors.TimeoutException("no broker"));

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.FAILED);

		then(this.ledger).should().releaseRebuildGuard(eq(7L), anyString());
	}

	@Test
	void shouldFailWhenTheStagedUsersWereLost() throws Exception {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(true);
		given(this.ledger.snapshot(7)).willReturn(new IssueLedger.Snapshot(false, 0, 0));
		given(this.worker.endOffsets(any())).willReturn(END);
		given(this.worker.uncommitted(eq(END), any())).willReturn(0L);
		given(this.issuedCoupons.userIdsAfter(anyLong(), anyLong(), anyInt())).willReturn(List.of(3L));
		given(this.ledger.loadRebuiltState(eq(7L), anyString(), eq(5_000), eq(1L)))
			.willReturn(IssueLedger.RebuildLoad.STAGING_LOST);

		assertThat(this.rebuilder.rebuild(COUPON)).isEqualTo(IssueStateRebuilder.Outcome.FAILED);

		then(this.ledger).should().releaseRebuildGuard(eq(7L), anyString());
	}

	@Test
	void shouldRunOneRebuildPerCouponAtATimeOnAReplica() {
		CountDownLatch guardAsked = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willAnswer((invocation) -> {
			guardAsked.countDown();
			proceed.await();
			return false;
		});

		assertThat(this.rebuilder.rebuildInBackground(COUPON)).isTrue();
		await().until(() -> guardAsked.getCount() == 0);
		assertThat(this.rebuilder.rebuildInBackground(COUPON)).as("one runs already").isFalse();
		proceed.countDown();

		await().until(() -> this.rebuilder.rebuildInBackground(COUPON));
		await().untilAsserted(() -> then(this.ledger).should(times(2)).tryGuardRebuild(eq(7L), anyString(), any()));
	}

	@Test
	void shouldCountEachBackgroundRebuildByOutcome() {
		given(this.ledger.tryGuardRebuild(eq(7L), anyString(), any())).willReturn(false)
			.willThrow(new org.redisson.client.RedisException("Redis is down"));

		assertThat(this.rebuilder.rebuildInBackground(COUPON)).isTrue();
		await().until(() -> rebuildRuns("guarded_elsewhere") == 1);
		await().until(() -> this.rebuilder.rebuildInBackground(COUPON));
		await().until(() -> rebuildRuns("failed") == 1);

		assertThat(rebuildRuns("loaded")).isZero();
		assertThat(rebuildRuns("already_loaded")).isZero();
	}

	private double rebuildRuns(String outcome) {
		return this.meterRegistry.get("coupon.rebuild.runs").tag("outcome", outcome).counter().count();
	}

	private IssueStateRebuilder rebuilder(Duration lagWaitTimeout) {
		CouponProperties properties = new CouponProperties("api-1", "redis://127.0.0.1:1",
				new CouponProperties.Issue(CouponProperties.StrategyName.LUA, CouponProperties.PublishMode.ACKS,
						Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1),
						Duration.ofSeconds(10), 1024),
				new CouponProperties.Topic("coupon.issued", 6, (short) 1),
				new CouponProperties.Rebuild(Duration.ZERO, "coupon-worker", lagWaitTimeout, Duration.ofMinutes(2)),
				CouponProperties.WarmUp.disabled());
		IssueMetrics metrics = new IssueMetrics(this.meterRegistry, new LuaIssueStrategy(this.ledger));
		return new IssueStateRebuilder(this.ledger, this.issuedCoupons, this.worker, metrics,
				Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), properties);
	}

}
