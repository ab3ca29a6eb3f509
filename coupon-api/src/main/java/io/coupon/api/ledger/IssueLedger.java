package io.coupon.api.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The issuance state of every coupon in Redis: its stock, how many users hold a slot, which users, and the slots
 * whose event Kafka has not confirmed yet ("pending"). Strategies decide grants; this class owns every other read
 * and write of those keys.
 */
@Component
public class IssueLedger {

	/** How long a confirmed slot's pending record may outlive Kafka's confirmation. */
	static final Duration CONFIRM_BATCH_INTERVAL = Duration.ofMillis(5);

	private static final Logger log = LoggerFactory.getLogger(IssueLedger.class);

	private final RedissonClient redisson;

	private final Queue<Confirmation> confirmations = new ConcurrentLinkedQueue<>();

	private final ScheduledExecutorService confirmationFlusher;

	// Whether a flush is due: one is scheduled by the first confirmation after the last flush began, none while idle.
	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final String issueScript;

	private final String releaseScript;

	private final String rebuildScript;

	private final String initialiseScript;

	public IssueLedger(RedissonClient redisson) {
		this.redisson = redisson;
		this.confirmationFlusher = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().daemon().name("pending-confirmations").factory());
		this.issueScript = script("scripts/issue.lua");
		this.releaseScript = script("scripts/release.lua");
		this.rebuildScript = script("scripts/rebuild.lua");
		this.initialiseScript = script("scripts/initialise.lua");
	}

	/** Loads the stock of a new coupon that is open from creation until sold out. */
	public void initialise(long couponId, int totalQuantity) {
		initialise(couponId, totalQuantity, null, null);
	}

	/**
	 * Loads the stock of a new coupon and the door's record of its window ({@code initialise.lua}). Nobody holds a
	 * slot yet, so there is nothing else to write.
	 * @param opensAt null when the coupon opens at creation
	 * @param closesAt null when it stays open until sold out
	 */
	public void initialise(long couponId, int totalQuantity, Instant opensAt, Instant closesAt) {
		this.redisson.getScript()
			.eval(RScript.Mode.READ_WRITE, this.initialiseScript, RScript.ReturnType.LONG,
					new IssueKeys(couponId).forInitialiseScript(), Integer.toString(totalQuantity), epochMillis(opensAt),
					epochMillis(closesAt));
	}

	/**
	 * Writes the coupon's window into the door's hash again, without waiting (definitions never change, so the write
	 * is idempotent): after Redis lost its data, a coupon that is not open yet never reaches a decision and so is
	 * never rebuilt; its not-open answers put the window back where the gateways read it. A failure is only logged:
	 * the door is an economy, and without the window the replicas keep answering as before.
	 */
	public void publishWindow(long couponId, Instant opensAt, Instant closesAt) {
		Map<String, String> window = new HashMap<>();
		if (opensAt != null) {
			window.put(IssueKeys.DOOR_OPENS_AT, epochMillis(opensAt));
		}
		if (closesAt != null) {
			window.put(IssueKeys.DOOR_CLOSES_AT, epochMillis(closesAt));
		}
		if (window.isEmpty()) {
			return;
		}
		this.redisson.<String, String>getMap(new IssueKeys(couponId).door())
			.putAllAsync(window)
			.whenComplete((done, ex) -> {
				if (ex != null) {
					log.debug("Could not write the window of coupon {} for the door: {}", couponId, ex.toString());
				}
			});
	}

	/** The door's fields of a coupon, as the gateways read them (for tests and the lab's checks). */
	public Map<String, String> door(long couponId) {
		return this.redisson.<String, String>getMap(new IssueKeys(couponId).door()).readAllMap();
	}

	public Snapshot snapshot(long couponId) {
		IssueKeys keys = new IssueKeys(couponId);
		String stock = (String) this.redisson.getBucket(keys.stock()).get();
		String issued = (String) this.redisson.getBucket(keys.issued()).get();
		return new Snapshot(stock != null, parse(stock), parse(issued));
	}

	/** Runs {@code issue.lua}: see its header for the return codes. */
	public long issueAtomically(long couponId, long userId, Instant now) {
		Long result = this.redisson.getScript()
			.eval(RScript.Mode.READ_WRITE, this.issueScript, RScript.ReturnType.LONG,
					new IssueKeys(couponId).forIssueScript(), Long.toString(userId),
					Long.toString(now.toEpochMilli()));
		return result;
	}

	/** Gives a slot back after a definite publish failure; see {@code release.lua}. */
	public boolean release(long couponId, long userId) {
		Long result = this.redisson.getScript()
			.eval(RScript.Mode.READ_WRITE, this.releaseScript, RScript.ReturnType.LONG,
					new IssueKeys(couponId).forReleaseScript(), Long.toString(userId));
		return result >= 0;
	}

	public boolean holdsSlot(long couponId, long userId) {
		return this.redisson.getSet(new IssueKeys(couponId).users()).contains(Long.toString(userId));
	}

	/** Whether this user's slot waits for a publish that ended indeterminate (see {@code issue.lua}, code -4). */
	public boolean isIndeterminate(long couponId, long userId) {
		String pending = pending(couponId).get(Long.toString(userId));
		return pending != null && PendingState.parse(pending) == PendingState.INDETERMINATE;
	}

	/** Whether this user's slot still waits for Kafka's confirmation. */
	public boolean isPending(long couponId, long userId) {
		return pending(couponId).containsKey(Long.toString(userId));
	}

	/** Write-ahead record of a granted slot whose event is about to be published. */
	public void markInflight(long couponId, long userId, Instant at) {
		pending(couponId).fastPut(Long.toString(userId), PendingState.INFLIGHT.format(at));
	}

	/** The publish of this slot ended without a definite answer: the reconciler or the user's retry publishes again. */
	public void markIndeterminate(long couponId, long userId, Instant at) {
		pending(couponId).fastPut(Long.toString(userId), PendingState.INDETERMINATE.format(at));
	}

	/**
	 * Kafka confirmed the event: its pending record goes, within {@link #CONFIRM_BATCH_INTERVAL}, in one HDEL with the
	 * other confirmations of the same coupon. One command per request would cost each replica about a tenth of its
	 * CPU (measured: docs/experiments.md). Not awaited: if this delete is lost, the reconciler publishes the event once
	 * more, which the worker's idempotent insert absorbs.
	 */
	public void confirm(long couponId, long userId) {
		this.confirmations.add(new Confirmation(couponId, Long.toString(userId)));
		// Scheduled on demand rather than every 5 ms: an idle replica then never wakes for it (a fixed 5 ms timer
		// cost a replica held to 0.05 CPU an eighth of its budget while idle: docs/experiments.md).
		if (this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.confirmationFlusher.schedule(this::flushScheduledConfirmations, CONFIRM_BATCH_INTERVAL.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: send it now rather than leave it to the reconciler.
				flushConfirmationsSafely();
			}
		}
	}

	private void flushScheduledConfirmations() {
		// Cleared before the queue is drained: a confirmation added from here on schedules the next flush, and one
		// added before is taken by this one, so none waits without a flush to come.
		this.flushScheduled.set(false);
		flushConfirmationsSafely();
	}

	/** Sends the confirmations queued so far, one HDEL per coupon. */
	void flushConfirmations() {
		Map<Long, List<String>> byCoupon = new HashMap<>();
		Confirmation next;
		while ((next = this.confirmations.poll()) != null) {
			byCoupon.computeIfAbsent(next.couponId(), (coupon) -> new ArrayList<>()).add(next.userId());
		}
		byCoupon.forEach((coupon, users) -> pending(coupon).fastRemoveAsync(users.toArray(String[]::new)));
	}

	/** Stops the batching and sends what is queued, so that a clean shutdown leaves no confirmed slot pending. */
	@PreDestroy
	public void close() {
		this.confirmationFlusher.shutdown();
		flushConfirmations();
	}

	/**
	 * Takes the guard that keeps other replicas from rebuilding this coupon at the same time (SET NX PX). It expires
	 * on its own, so a rebuilder that dies frees the coupon for another attempt. Only an economy: two rebuilds at
	 * once are still safe, because {@code rebuild.lua} loads only while the state is missing.
	 */
	public boolean tryGuardRebuild(long couponId, String token, Duration ttl) {
		return this.redisson.<String>getBucket(new IssueKeys(couponId).rebuildGuard()).setIfAbsent(token, ttl);
	}

	/** Releases the guard if this rebuild still holds it: after an expiry it may be another replica's. */
	public void releaseRebuildGuard(long couponId, String token) {
		this.redisson.<String>getBucket(new IssueKeys(couponId).rebuildGuard()).compareAndSet(token, null);
	}

	/**
	 * Adds one page of users to this rebuild's staging set (one SADD). The set expires with the guard, so a rebuilder
	 * that dies leaves nothing behind.
	 */
	public void stageRebuiltUsers(long couponId, String token, List<Long> userIds, Duration ttl) {
		RSet<String> staged = this.redisson.getSet(new IssueKeys(couponId).rebuildStaging(token));
		staged.addAll(userIds.stream().map((userId) -> Long.toString(userId)).toList());
		staged.expire(ttl);
	}

	/** Deletes what a failed rebuild staged. */
	public void discardRebuiltUsers(long couponId, String token) {
		this.redisson.getKeys().delete(new IssueKeys(couponId).rebuildStaging(token));
	}

	/** Runs {@code rebuild.lua}: loads the staged users, the issued count and the stock if the state is missing. */
	public RebuildLoad loadRebuiltState(long couponId, String token, int totalQuantity, long issued) {
		Long result = this.redisson.getScript()
			.eval(RScript.Mode.READ_WRITE, this.rebuildScript, RScript.ReturnType.LONG,
					new IssueKeys(couponId).forRebuildScript(token), Integer.toString(totalQuantity),
					Long.toString(issued));
		return switch (result.intValue()) {
			case 1 -> RebuildLoad.LOADED;
			case 0 -> RebuildLoad.ALREADY_LOADED;
			case -1 -> RebuildLoad.STAGING_LOST;
			default -> throw new IllegalStateException("rebuild.lua returned an unknown code " + result);
		};
	}

	/**
	 * Deletes every key of a coupon. Only for a warm-up's scratch coupon: a real coupon's state is never deleted.
	 */
	public void discard(long scratchCouponId) {
		if (scratchCouponId >= 0) {
			throw new IllegalArgumentException("Only a scratch coupon (negative id) may be discarded: " + scratchCouponId);
		}
		IssueKeys keys = new IssueKeys(scratchCouponId);
		this.redisson.getKeys()
			.delete(keys.stock(), keys.issued(), keys.users(), keys.pending(), keys.lock(), keys.rebuildGuard(),
					keys.door());
	}

	/**
	 * Every pending slot of every coupon, found with SCAN (the keyspace holds a handful of keys per coupon). A warm-up's
	 * scratch coupon (negative id) is left out: its slots must never be published to the real topic.
	 */
	public List<PendingSlot> pendingSlots() {
		List<PendingSlot> slots = new ArrayList<>();
		this.redisson.getKeys()
			.getKeys(KeysScanOptions.defaults().pattern(IssueKeys.PENDING_PATTERN).chunkSize(100))
			.forEach((key) -> {
				long couponId = IssueKeys.couponIdOfPendingKey(key);
				if (couponId < 0) {
					return;
				}
				pending(couponId).readAllMap()
					.forEach((user, value) -> slots
						.add(new PendingSlot(couponId, Long.parseLong(user), PendingState.parse(value),
								PendingState.since(value))));
			});
		return slots;
	}

	private void flushConfirmationsSafely() {
		try {
			flushConfirmations();
		}
		catch (RuntimeException ex) {
			// A scheduled task that throws is never run again; the reconciler covers the records this one left.
			log.warn("Could not delete confirmed pending records: {}", ex.toString());
		}
	}

	private record Confirmation(long couponId, String userId) {

	}

	private RMap<String, String> pending(long couponId) {
		return this.redisson.getMap(new IssueKeys(couponId).pending());
	}

	private static String epochMillis(Instant instant) {
		return (instant != null) ? Long.toString(instant.toEpochMilli()) : "";
	}

	private static long parse(String value) {
		return (value != null) ? Long.parseLong(value) : 0;
	}

	private static String script(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	/**
	 * @param loaded whether Redis holds this coupon's state at all
	 * @param stock the total quantity
	 * @param issued how many users hold a slot (the set-incr strategy can count past the stock)
	 */
	public record Snapshot(boolean loaded, long stock, long issued) {

		public long remaining() {
			return Math.max(0, this.stock - this.issued);
		}

	}

	/** How {@link #loadRebuiltState} ended. */
	public enum RebuildLoad {

		/** The rebuilt state is in place: issuing resumes. */
		LOADED,
		/** The state was there already (another rebuild, or the coupon was initialised): nothing was written. */
		ALREADY_LOADED,
		/** The staged user set expired or was lost before the load: nothing was written. */
		STAGING_LOST

	}

	public record PendingSlot(long couponId, long userId, PendingState state, Instant since) {

	}

	public enum PendingState {

		/** Granted; the replica that granted it is publishing now (or died doing so). */
		INFLIGHT("inflight:"),
		/** The publish ended in a timeout or another answer that does not say whether Kafka has it. */
		INDETERMINATE("indeterminate:");

		private final String prefix;

		PendingState(String prefix) {
			this.prefix = prefix;
		}

		String format(Instant at) {
			return this.prefix + at.toEpochMilli();
		}

		static PendingState parse(String value) {
			return value.startsWith(INDETERMINATE.prefix) ? INDETERMINATE : INFLIGHT;
		}

		static Instant since(String value) {
			return Instant.ofEpochMilli(Long.parseLong(value.substring(value.indexOf(':') + 1)));
		}

	}

}
