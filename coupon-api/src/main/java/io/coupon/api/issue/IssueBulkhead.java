package io.coupon.api.issue;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.coupon.api.support.CouponProperties;
import io.coupon.api.support.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Bounds the issue requests one replica works on at once ({@code coupon.issue.max-in-flight}); a request past the
 * bound is answered 503 with {@code Retry-After} at once, before any decision, so it changes nothing.
 *
 * <p>
 * Every request runs on a virtual thread, so nothing else bounds them: when Kafka or the replica's CPU is slower
 * than the requests arrive, they pile up, and so do those the gateway already gave up on (at its response timeout
 * it closes the connection, while the request goes on waiting for its publish). Measured under a 0.1 CPU budget at
 * 2,000 virtual users: a replica held 4,539 connections' buffers (310 MB of a 512 MB heap) and died of
 * {@code GC overhead limit exceeded} (docs/experiments.md). Answering the excess at once keeps the replica alive and
 * tells the client when to come back, which a request that times out in a queue does not.
 */
@Component
class IssueBulkhead {

	private final int limit;

	private final Semaphore permits;

	private final Duration retryAfter;

	private final Counter shed;

	@Autowired
	IssueBulkhead(CouponProperties properties, MeterRegistry registry) {
		this(properties.issue().maxInFlight(), properties.issue().retryAfter(), registry);
	}

	IssueBulkhead(int limit, Duration retryAfter, MeterRegistry registry) {
		this.limit = limit;
		this.permits = new Semaphore(limit);
		this.retryAfter = retryAfter;
		this.shed = Counter.builder("coupon.issue.shed")
			.description("Issue requests answered 503 because the replica was working on its limit of requests")
			.register(registry);
		Gauge.builder("coupon.issue.in-flight", this, IssueBulkhead::inFlight)
			.description("Issue requests this replica is working on")
			.register(registry);
	}

	/** Runs {@code work} if the replica is under its limit; else answers 503 without running it. */
	<T> T run(Supplier<T> work) {
		if (!this.permits.tryAcquire()) {
			this.shed.increment();
			throw ProblemException.unavailable("This replica is working on its limit of " + this.limit
					+ " issue requests; retry after " + this.retryAfter.toSeconds() + " s", this.retryAfter, null);
		}
		try {
			return work.get();
		}
		finally {
			this.permits.release();
		}
	}

	int inFlight() {
		return this.limit - this.permits.availablePermits();
	}

}
