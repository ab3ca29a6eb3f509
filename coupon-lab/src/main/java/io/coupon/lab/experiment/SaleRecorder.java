package io.coupon.lab.experiment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;

/**
 * What a sale's load saw, recorded from the load generator's threads without locks: every attempt (its answer, its
 * response time, its replica, and its user and outcome for the invariant checker) and every user's history.
 */
final class SaleRecorder implements MeasuredRun.Counts {

	private final long startNanos;

	private final LongAdder[] attempts = new LongAdder[SaleAnswer.values().length];

	private final LongAdder errors = new LongAdder();

	private final Map<String, LongAdder> instances = new ConcurrentHashMap<>();

	private final AtomicLongArray latencies = new AtomicLongArray(LoadRecorder.MAX_MILLIS + 1);

	private final ConcurrentLinkedQueue<InvariantChecker.Request> requests = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<SaleUser> users = new ConcurrentLinkedQueue<>();

	/** @param startNanos when the first user arrives */
	SaleRecorder(long startNanos) {
		this.startNanos = startNanos;
		for (int i = 0; i < this.attempts.length; i++) {
			this.attempts[i] = new LongAdder();
		}
	}

	/**
	 * One attempt's answer.
	 * @param latencyMillis its response time, or negative without an answer
	 */
	void recordAttempt(long userId, SaleAnswer answer, Outcome outcome, String instance, long latencyMillis) {
		this.attempts[answer.ordinal()].increment();
		if (answer.isError()) {
			this.errors.increment();
		}
		this.instances.computeIfAbsent((instance != null) ? instance : "(none)", (key) -> new LongAdder()).increment();
		if (latencyMillis >= 0) {
			this.latencies.incrementAndGet((int) Math.min(latencyMillis, LoadRecorder.MAX_MILLIS));
		}
		this.requests.add(new InvariantChecker.Request(userId, outcome));
	}

	/** A user's last answer: it sends no more. */
	void recordUser(SaleUser user) {
		this.users.add(user);
	}

	@Override
	public long allRequests() {
		long all = 0;
		for (LongAdder count : this.attempts) {
			all += count.sum();
		}
		return all;
	}

	@Override
	public long allErrors() {
		return this.errors.sum();
	}

	SaleResult result(long endNanos) {
		Map<SaleAnswer, Long> byAnswer = new EnumMap<>(SaleAnswer.class);
		for (SaleAnswer answer : SaleAnswer.values()) {
			byAnswer.put(answer, this.attempts[answer.ordinal()].sum());
		}
		Map<String, Long> byInstance = new TreeMap<>();
		this.instances.forEach((instance, count) -> byInstance.put(instance, count.sum()));
		long[] histogram = new long[this.latencies.length()];
		for (int i = 0; i < histogram.length; i++) {
			histogram[i] = this.latencies.get(i);
		}
		return new SaleResult(this.startNanos, endNanos, byAnswer, byInstance, Latencies.of(histogram),
				new ArrayList<>(this.users), List.copyOf(this.requests));
	}

}
