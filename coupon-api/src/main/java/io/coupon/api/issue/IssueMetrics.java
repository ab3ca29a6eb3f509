package io.coupon.api.issue;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The issuance meters (docs/metrics.md), kept here so that the issuance code only says what happened. Every series
 * is registered at start-up: one that exists at zero from the first scrape lets Prometheus compute a rate or an
 * increase as soon as the first event happens, instead of missing it.
 */
@Component
class IssueMetrics {

	private final Clock clock;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final Timer decisions;

	private final Map<IssuePublisher.PublishResult.Status, Timer> publishes = new EnumMap<>(
			IssuePublisher.PublishResult.Status.class);

	private final Map<IssueStateRebuilder.Outcome, Counter> rebuilds = new EnumMap<>(IssueStateRebuilder.Outcome.class);

	private final Counter reconcilerRepublished;

	IssueMetrics(MeterRegistry registry, IssueStrategy strategy) {
		this.clock = registry.config().clock();
		for (Outcome outcome : Outcome.values()) {
			this.outcomes.put(outcome, Counter.builder("coupon.issue.outcomes")
				.description("Issuance requests that reached the strategy, by how they ended")
				.tag("outcome", tag(outcome))
				.tag("strategy", strategy.name())
				.register(registry));
		}
		this.decisions = Timer.builder("coupon.issue.decision")
			.description("The strategy's decision in Redis (script, or lock and commands), failed ones included")
			.tag("strategy", strategy.name())
			.publishPercentileHistogram()
			.register(registry);
		for (IssuePublisher.PublishResult.Status status : IssuePublisher.PublishResult.Status.values()) {
			// The same timer for both accepted statuses: the registry returns the meter already registered.
			this.publishes.put(status, Timer.builder("coupon.issue.publish")
				.description("Publishing a CouponIssued event, until Kafka confirmed it or the publish ended otherwise")
				.tag("result", result(status))
				.publishPercentileHistogram()
				.register(registry));
		}
		for (IssueStateRebuilder.Outcome outcome : IssueStateRebuilder.Outcome.values()) {
			this.rebuilds.put(outcome, Counter.builder("coupon.rebuild.runs")
				.description("Background rebuilds of a coupon's Redis state from MySQL, by outcome")
				.tag("outcome", tag(outcome))
				.register(registry));
		}
		this.reconcilerRepublished = Counter.builder("coupon.reconciler.republished")
			.description("Pending issuances that the reconciler published again and Kafka accepted")
			.register(registry);
	}

	void count(Outcome outcome) {
		this.outcomes.get(outcome).increment();
	}

	IssueDecision timeDecision(Supplier<IssueDecision> decision) {
		long start = this.clock.monotonicTime();
		try {
			return decision.get();
		}
		finally {
			this.decisions.record(this.clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	IssuePublisher.PublishResult timePublish(Supplier<IssuePublisher.PublishResult> publish) {
		long start = this.clock.monotonicTime();
		IssuePublisher.PublishResult result = publish.get();
		this.publishes.get(result.status()).record(this.clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
		return result;
	}

	void rebuildRan(IssueStateRebuilder.Outcome outcome) {
		this.rebuilds.get(outcome).increment();
	}

	void reconcilerRepublished() {
		this.reconcilerRepublished.increment();
	}

	private static String tag(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the publish handed the event over for good. Fire-and-forget's unconfirmed hand-over counts as accepted,
	 * as it does for the caller ({@link IssuePublisher.PublishResult#accepted()}).
	 */
	private static String result(IssuePublisher.PublishResult.Status status) {
		return switch (status) {
			case CONFIRMED, UNCONFIRMED -> "accepted";
			case DEFINITELY_FAILED -> "definitely_failed";
			case INDETERMINATE -> "indeterminate";
		};
	}

	/** How an issuance request that reached the strategy ended: its {@code outcome} tag, in lower case. */
	enum Outcome {

		/** Granted, and the event accepted by Kafka: 201. */
		GRANTED,
		/** An earlier indeterminate grant of this user published again and accepted: 201. */
		REPUBLISHED,
		/** 409 already-issued. */
		ALREADY_ISSUED,
		/** 409 sold-out. */
		SOLD_OUT,
		/** Redis holds no state for the coupon; a rebuild was started: 503. */
		NOT_LOADED,
		/** Granted, but the publish certainly failed and the slot was given back: 503. */
		WITHDRAWN,
		/** Granted (or republished), but whether Kafka has the event is unknown; the slot is kept: 503. */
		INDETERMINATE,
		/** No decision: Redis or the database did not answer, or a lock strategy's lock stayed busy: 503. */
		UNAVAILABLE

	}

}
