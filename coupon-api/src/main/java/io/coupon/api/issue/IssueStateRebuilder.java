package io.coupon.api.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Rebuilds a coupon's issuance state in Redis from MySQL once Redis has lost it (R3 of docs/invariants.md). Starting the
 * counter again at zero would issue the whole stock a second time; the state is rebuilt from what is durable instead.
 * <p>
 * A request that finds the state missing starts a rebuild in the background and is answered 503. A replica runs at
 * most one rebuild per coupon, and a guard key ({@code {coupon:<id>}:rebuild}, SET NX with an expiry) keeps the other
 * replicas from running theirs meanwhile; it expires on its own if this replica dies. Until the rebuild loads the
 * state, every request for the coupon is refused as not loaded, so no grant is made while it runs. The steps, and why
 * each is there:
 * <ol>
 * <li>Wait a quiet period ({@code coupon.rebuild.quiet-period}, at least the publish timeout) from the start. Grants
 * made on the lost state may still be publishing: {@code send()} may block up to {@code max.block.ms} and the producer
 * may deliver the record up to {@code delivery.timeout.ms} after it (2 s + 5 s by default), while the request waits
 * at most {@code coupon.issue.publish-timeout}. After the quiet period every such event is in Kafka or never will
 * be.</li>
 * <li>Read the end offsets of the issued-events topic, then wait until the worker's consumer group has committed them
 * on every partition (at most {@code coupon.rebuild.lag-wait-timeout}). The worker commits a batch only after its
 * database transaction, so every event of the lost state is then a row. Without this wait a grant confirmed to its
 * user whose row is not written yet would be missing from the rebuilt state, and its slot could be issued again,
 * past the stock (I1), or to the same user a second time (I2).</li>
 * <li>Read the users holding a row, a page at a time, into a staging set of this rebuild's own (one SADD per page: a
 * single script could not take them all as arguments). The stock is the coupon's immutable total quantity.</li>
 * <li>Load in one script ({@code rebuild.lua}), only if the stock key is still absent: the staged set becomes the user
 * set, the row count the issued counter, and the stock key, whose presence means "loaded", is written last. If the
 * state is back already (another rebuild, a new initialisation), that newer state wins and nothing is written.</li>
 * </ol>
 * Pending records are not recreated: a grant whose event reached Kafka is a row by now, and any other was never
 * confirmed to its user, who was answered 503 and may retry. A rebuild that fails (Kafka or MySQL unavailable, the
 * worker behind) is logged and releases its guard, and the next request for the coupon starts another.
 * <p>
 * The guard saves work; correctness does not depend on it. If it expires while its rebuild still runs, a second
 * rebuild reads the same rows, because no grant happens while the state is missing, and whichever loads first wins
 * while the other finds the stock key and writes nothing. What the quiet period cannot cover is a replica paused for
 * longer than it between a grant on the lost state and that grant's send.
 */
@Component
class IssueStateRebuilder {

	/** Users per SADD and per database page. */
	static final int PAGE_SIZE = 1_000;

	private static final Duration WORKER_POLL_INTERVAL = Duration.ofMillis(500);

	/** The least time one Kafka call gets, even when the wait for the worker is nearly over. */
	private static final Duration MIN_CALL_TIMEOUT = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(IssueStateRebuilder.class);

	private final IssueLedger ledger;

	private final IssuedCouponLookup issuedCoupons;

	private final WorkerProgress worker;

	private final IssueMetrics metrics;

	private final Clock clock;

	private final String instanceId;

	private final CouponProperties.Rebuild settings;

	private final Set<Long> running = ConcurrentHashMap.newKeySet();

	private final ExecutorService executor = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("issue-state-rebuild-", 0).factory());

	IssueStateRebuilder(IssueLedger ledger, IssuedCouponLookup issuedCoupons, WorkerProgress worker,
			IssueMetrics metrics, Clock clock, CouponProperties properties) {
		this.ledger = ledger;
		this.issuedCoupons = issuedCoupons;
		this.worker = worker;
		this.metrics = metrics;
		this.clock = clock;
		this.instanceId = properties.instanceId();
		this.settings = properties.rebuild();
	}

	/**
	 * Starts a rebuild of the coupon's state in the background, unless this replica runs one for it already.
	 * @return whether this call started one
	 */
	boolean rebuildInBackground(CouponDefinition coupon) {
		if (!this.running.add(coupon.id())) {
			return false;
		}
		try {
			this.executor.execute(() -> {
				try {
					this.metrics.rebuildRan(rebuild(coupon));
				}
				catch (RuntimeException ex) {
					// Redis refused the guard itself: the next request tries again.
					this.metrics.rebuildRan(Outcome.FAILED);
					log.warn("Could not start a rebuild of coupon {}: {}", coupon.id(), ex.toString());
				}
				finally {
					this.running.remove(coupon.id());
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: another replica, or this one after its restart, rebuilds on the next request.
			this.running.remove(coupon.id());
			return false;
		}
	}

	/** One rebuild, start to end, on the calling thread. */
	Outcome rebuild(CouponDefinition coupon) {
		long couponId = coupon.id();
		String token = this.instanceId + "/" + UUID.randomUUID();
		if (!this.ledger.tryGuardRebuild(couponId, token, this.settings.guardTtl())) {
			log.debug("Coupon {} is being rebuilt by another replica", couponId);
			return Outcome.GUARDED_ELSEWHERE;
		}
		Instant startedAt = this.clock.instant();
		try {
			if (this.ledger.snapshot(couponId).loaded()) {
				return Outcome.ALREADY_LOADED;
			}
			log.info("Rebuilding the Redis state of coupon {} from MySQL: waiting {} for publishes of the lost state, "
					+ "then up to {} for worker group '{}'", couponId, this.settings.quietPeriod(),
					this.settings.lagWaitTimeout(), this.worker.group());
			pauseUntil(startedAt.plus(this.settings.quietPeriod()));
			awaitWorker();
			long rows = stageUsers(couponId, token);
			IssueLedger.RebuildLoad load = this.ledger.loadRebuiltState(couponId, token, coupon.totalQuantity(), rows);
			long millis = millisSince(startedAt);
			return switch (load) {
				case LOADED -> {
					// Redis lost the door's record of the window with the rest: put it back for the gateways.
					this.ledger.publishWindow(couponId, coupon.issueStartsAt(), coupon.issueEndsAt());
					log.info("Rebuilt the Redis state of coupon {}: {} issued row(s), stock {}, in {} ms", couponId,
							rows, coupon.totalQuantity(), millis);
					if (rows > coupon.totalQuantity()) {
						log.warn("Coupon {} has {} rows for a stock of {}: MySQL already holds an over-issue",
								couponId, rows, coupon.totalQuantity());
					}
					yield Outcome.LOADED;
				}
				case ALREADY_LOADED -> {
					log.info("Coupon {} was loaded while it was being rebuilt; the rebuild wrote nothing ({} ms)",
							couponId, millis);
					yield Outcome.ALREADY_LOADED;
				}
				case STAGING_LOST -> {
					log.warn("Rebuild of coupon {} failed after {} ms: its staged user set was lost before the load; "
							+ "the next request starts another", couponId, millis);
					yield Outcome.FAILED;
				}
			};
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			log.warn("Rebuild of coupon {} interrupted after {} ms", couponId, millisSince(startedAt));
			discardStaged(couponId, token);
			return Outcome.FAILED;
		}
		catch (RuntimeException ex) {
			log.warn("Rebuild of coupon {} failed after {} ms; the next request starts another: {}", couponId,
					millisSince(startedAt), ex.toString());
			discardStaged(couponId, token);
			return Outcome.FAILED;
		}
		finally {
			releaseGuard(couponId, token);
		}
	}

	/** Stops the running rebuilds: their guards are released, or expire. */
	@PreDestroy
	void close() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

	private void awaitWorker() throws InterruptedException {
		Instant deadline = this.clock.instant().plus(this.settings.lagWaitTimeout());
		Map<TopicPartition, Long> targets = this.worker.endOffsets(callTimeout(deadline));
		long uncommitted = this.worker.uncommitted(targets, callTimeout(deadline));
		while (uncommitted > 0) {
			if (!this.clock.instant().isBefore(deadline)) {
				throw new IllegalStateException("worker group '" + this.worker.group() + "' still had " + uncommitted
						+ " event(s) to write after " + this.settings.lagWaitTimeout());
			}
			Thread.sleep(WORKER_POLL_INTERVAL);
			uncommitted = this.worker.uncommitted(targets, callTimeout(deadline));
		}
	}

	private long stageUsers(long couponId, String token) {
		long rows = 0;
		long after = 0;
		List<Long> page;
		do {
			page = this.issuedCoupons.userIdsAfter(couponId, after, PAGE_SIZE);
			if (!page.isEmpty()) {
				this.ledger.stageRebuiltUsers(couponId, token, page, this.settings.guardTtl());
				rows += page.size();
				after = page.getLast();
			}
		}
		while (page.size() == PAGE_SIZE);
		return rows;
	}

	private void pauseUntil(Instant until) throws InterruptedException {
		Duration left = Duration.between(this.clock.instant(), until);
		if (left.isPositive()) {
			Thread.sleep(left);
		}
	}

	private Duration callTimeout(Instant deadline) {
		Duration left = Duration.between(this.clock.instant(), deadline);
		return (left.compareTo(MIN_CALL_TIMEOUT) > 0) ? left : MIN_CALL_TIMEOUT;
	}

	private void discardStaged(long couponId, String token) {
		try {
			this.ledger.discardRebuiltUsers(couponId, token);
		}
		catch (RuntimeException ex) {
			// The staged set expires on its own.
			log.debug("Could not delete the staged users of coupon {}: {}", couponId, ex.toString());
		}
	}

	private void releaseGuard(long couponId, String token) {
		try {
			this.ledger.releaseRebuildGuard(couponId, token);
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the rebuild guard of coupon {}; it expires within {}: {}", couponId,
					this.settings.guardTtl(), ex.toString());
		}
	}

	private long millisSince(Instant start) {
		return Duration.between(start, this.clock.instant()).toMillis();
	}

	enum Outcome {

		/** The rebuilt state is loaded: issuing resumes. */
		LOADED,
		/** The state was there already, or came back meanwhile: nothing was written. */
		ALREADY_LOADED,
		/** Another replica holds the guard: it rebuilds. */
		GUARDED_ELSEWHERE,
		/** Logged; the guard is released and the next request starts another rebuild. */
		FAILED

	}

}
