package io.coupon.api.issue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import io.coupon.api.warmup.WarmUpFailedException;
import io.coupon.api.warmup.WarmUpStep;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Warms the issuance hot path: the configured strategy's decisions in Redis, the publish with Kafka's
 * acknowledgement, the batched confirmation and the response's JSON, on a scratch coupon.
 * <p>
 * Nothing of it is business state. The scratch coupon has a negative id, which no coupon can have (ids are positive,
 * {@code Ids}), exists only in Redis and is deleted at the end; the reconciler skips negative ids
 * ({@link IssueLedger#pendingSlots()}), so a replica that dies mid-warm-up leaves nothing that anyone publishes. Its
 * events go to {@code coupon.warm-up.topic}, which coupon-worker does not consume, and count in no issuance meter.
 */
@Component
@Order(1)
class IssuePathWarmUp implements WarmUpStep {

	/**
	 * A few failed operations (a publish that waited too long for the warm-up topic's metadata on a loaded machine)
	 * are noted and the warm-up goes on; this many mean the path is down, and the step stops.
	 */
	static final int MAX_FAILURES = 10;

	private final IssueStrategy strategy;

	private final IssuePublisher publisher;

	private final IssueLedger ledger;

	private final JsonMapper json;

	private final Clock clock;

	private final CouponProperties.WarmUp settings;

	IssuePathWarmUp(IssueStrategy strategy, IssuePublisher publisher, IssueLedger ledger, JsonMapper json, Clock clock,
			CouponProperties properties) {
		this.strategy = strategy;
		this.publisher = publisher;
		this.ledger = ledger;
		this.json = json;
		this.clock = clock;
		this.settings = properties.warmUp();
	}

	@Override
	public String name() {
		return "issue-path";
	}

	@Override
	public String run(Instant deadline) {
		// Random, so that replicas warming up at the same time never share a scratch coupon.
		long scratchId = -ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		// A quarter of the decisions find the scratch coupon sold out: that answer is hot in a flash sale too.
		int stock = Math.max(1, this.settings.issues() * 3 / 4);
		CouponDefinition scratch = new CouponDefinition(scratchId, "warm-up", stock, null, null);
		Tally tally = new Tally();
		try {
			this.ledger.initialise(scratchId, stock);
			runConcurrently(scratch, deadline, tally);
			// A repeat by the first user: the already-issued answer.
			tally.count(this.strategy.decide(scratch, 1, this.clock.instant()));
		}
		finally {
			this.ledger.discard(scratchId);
		}
		return tally.toString();
	}

	private void runConcurrently(CouponDefinition scratch, Instant deadline, Tally tally) {
		AtomicInteger nextUser = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < this.settings.concurrency(); i++) {
				running.add(workers.submit(() -> {
					int user;
					while (failures.get() < MAX_FAILURES && (user = nextUser.incrementAndGet()) <= this.settings.issues()
							&& this.clock.instant().isBefore(deadline)) {
						try {
							tally.count(issueOnce(scratch, user));
						}
						catch (RuntimeException ex) {
							failure.compareAndSet(null, ex);
							failures.incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> worker : running) {
				await(worker);
			}
		}
		if (failures.get() >= MAX_FAILURES) {
			throw new WarmUpFailedException("the issue path failed " + failures.get() + " times after " + tally
					+ "; the first failure: " + failure.get(), failure.get());
		}
		if (failure.get() != null) {
			tally.failed(failures.get(), failure.get());
		}
	}

	/** What {@code IssueService} does for one request, without the metrics, on the scratch coupon. */
	private IssueDecision issueOnce(CouponDefinition scratch, long userId) {
		Instant now = this.clock.instant();
		IssueDecision decision = this.strategy.decide(scratch, userId, now);
		if (decision.outcome() == IssueDecision.Outcome.GRANTED) {
			IssuePublisher.PublishResult published = this.publisher.publishWarmUp(this.settings.topic(),
					this.publisher.event(scratch.id(), userId, now, this.strategy.name()));
			if (!published.accepted()) {
				throw new WarmUpFailedException(
						"Kafka did not accept a warm-up event: " + published.status() + ", " + published.failure(),
						published.failure());
			}
			this.ledger.confirm(scratch.id(), userId);
			this.json.writeValueAsString(new IssueResponse(scratch.id(), userId, decision.position(), now,
					IssueStatusResponse.Status.PENDING));
		}
		return decision;
	}

	private static void await(Future<?> worker) {
		try {
			worker.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A warm-up worker failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WarmUpFailedException("interrupted", ex);
		}
	}

	/** How the warm-up's decisions ended, for its log line. */
	private static final class Tally {

		private final AtomicInteger granted = new AtomicInteger();

		private final AtomicInteger refused = new AtomicInteger();

		private volatile String failed = "";

		void count(IssueDecision decision) {
			(decision.outcome() == IssueDecision.Outcome.GRANTED ? this.granted : this.refused).incrementAndGet();
		}

		void failed(int failures, RuntimeException first) {
			this.failed = ", " + failures + " failed (the first: " + first + ")";
		}

		@Override
		public String toString() {
			return (this.granted.get() + this.refused.get()) + " decisions, " + this.granted.get()
					+ " acknowledged events, " + this.refused.get() + " refusals" + this.failed;
		}

	}

}
