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
 * What the load saw during one cell's measurement, recorded from the load generator's threads without locks: counts
 * by outcome and by replica, a millisecond latency histogram, a per-second timeline, and every request's user and
 * outcome for the invariant checker.
 */
public final class LoadRecorder implements MeasuredRun.Counts {

	/** Latencies of a minute and more share the last bucket; the request timeout is far below it. */
	static final int MAX_MILLIS = 60_000;

	private final long measureStartNanos;

	private final int timelineSeconds;

	private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];

	private final Map<String, LongAdder> instances = new ConcurrentHashMap<>();

	private final AtomicLongArray latencies = new AtomicLongArray(MAX_MILLIS + 1);

	private final AtomicLongArray timelineRequests;

	private final AtomicLongArray timelineIssued;

	private final AtomicLongArray timelineErrors;

	private final ConcurrentLinkedQueue<InvariantChecker.Request> requests = new ConcurrentLinkedQueue<>();

	// Everything, warm-up included, for the live progress line.
	private final LongAdder allRequests = new LongAdder();

	private final LongAdder allErrors = new LongAdder();

	/**
	 * @param measureStartNanos {@link System#nanoTime()} at which the measurement starts
	 * @param timelineSeconds how many seconds the timeline covers (later answers go to its last second)
	 */
	public LoadRecorder(long measureStartNanos, int timelineSeconds) {
		this.measureStartNanos = measureStartNanos;
		this.timelineSeconds = Math.max(1, timelineSeconds);
		this.timelineRequests = new AtomicLongArray(this.timelineSeconds);
		this.timelineIssued = new AtomicLongArray(this.timelineSeconds);
		this.timelineErrors = new AtomicLongArray(this.timelineSeconds);
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
	}

	/** A warm-up answer: only counted for the progress line. */
	void recordWarmup(Outcome outcome) {
		this.allRequests.increment();
		if (isError(outcome)) {
			this.allErrors.increment();
		}
	}

	/**
	 * A measured answer.
	 * @param instance the replica that answered ({@code X-Instance-Id}), or null when none did
	 * @param latencyMillis the response time, or a negative value when there was no response
	 */
	public void record(long userId, Outcome outcome, String instance, long latencyMillis, long answeredAtNanos) {
		recordWarmup(outcome);
		this.outcomes[outcome.ordinal()].increment();
		this.instances.computeIfAbsent((instance != null) ? instance : "(none)", (key) -> new LongAdder()).increment();
		if (latencyMillis >= 0) {
			this.latencies.incrementAndGet((int) Math.min(latencyMillis, MAX_MILLIS));
		}
		int second = (int) Math.clamp((answeredAtNanos - this.measureStartNanos) / 1_000_000_000L, 0,
				this.timelineSeconds - 1);
		this.timelineRequests.incrementAndGet(second);
		if (outcome == Outcome.ISSUED) {
			this.timelineIssued.incrementAndGet(second);
		}
		if (isError(outcome)) {
			this.timelineErrors.incrementAndGet(second);
		}
		this.requests.add(new InvariantChecker.Request(userId, outcome));
	}

	@Override
	public long allRequests() {
		return this.allRequests.sum();
	}

	@Override
	public long allErrors() {
		return this.allErrors.sum();
	}

	/** Errors are what a correct, healthy system never answers: other 4xx, 5xx and no answer at all. */
	static boolean isError(Outcome outcome) {
		return outcome == Outcome.REJECTED || outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT;
	}

	/** The measurement so far. */
	public LoadResult result(double measuredSeconds) {
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			counts.put(outcome, this.outcomes[outcome.ordinal()].sum());
		}
		Map<String, Long> byInstance = new TreeMap<>();
		this.instances.forEach((instance, count) -> byInstance.put(instance, count.sum()));
		long[] histogram = new long[this.latencies.length()];
		for (int i = 0; i < histogram.length; i++) {
			histogram[i] = this.latencies.get(i);
		}
		return new LoadResult(measuredSeconds, counts, byInstance, Latencies.of(histogram),
				timeline(this.timelineRequests), timeline(this.timelineIssued), timeline(this.timelineErrors),
				new ArrayList<>(this.requests));
	}

	private static List<Long> timeline(AtomicLongArray counts) {
		List<Long> values = new ArrayList<>(counts.length());
		for (int i = 0; i < counts.length(); i++) {
			values.add(counts.get(i));
		}
		return values;
	}

}
