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

import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;

/**
 * What a read-status cell's load saw during its measurement, recorded from the load generator's threads without
 * locks, as {@link LoadRecorder} does for issue cells: counts by request and outcome, by replica, a millisecond
 * latency histogram per request, a per-second timeline, and every status read's user and outcome for the
 * {@link ReadChecker}.
 */
public final class ReadRecorder implements MeasuredRun.Counts {

	private final long measureStartNanos;

	private final int timelineSeconds;

	private final Map<ReadRequest, LongAdder[]> outcomes = new EnumMap<>(ReadRequest.class);

	private final Map<ReadRequest, AtomicLongArray> latencies = new EnumMap<>(ReadRequest.class);

	private final Map<String, LongAdder> instances = new ConcurrentHashMap<>();

	private final AtomicLongArray timelineRequests;

	private final AtomicLongArray timelineErrors;

	private final ConcurrentLinkedQueue<ReadChecker.StatusAnswer> statusAnswers = new ConcurrentLinkedQueue<>();

	// Everything, warm-up included, for the live progress line.
	private final LongAdder allRequests = new LongAdder();

	private final LongAdder allErrors = new LongAdder();

	/**
	 * @param measureStartNanos {@link System#nanoTime()} at which the measurement starts
	 * @param timelineSeconds how many seconds the timeline covers (later answers go to its last second)
	 */
	public ReadRecorder(long measureStartNanos, int timelineSeconds) {
		this.measureStartNanos = measureStartNanos;
		this.timelineSeconds = Math.max(1, timelineSeconds);
		this.timelineRequests = new AtomicLongArray(this.timelineSeconds);
		this.timelineErrors = new AtomicLongArray(this.timelineSeconds);
		for (ReadRequest request : ReadRequest.values()) {
			LongAdder[] counts = new LongAdder[ReadOutcome.values().length];
			for (int i = 0; i < counts.length; i++) {
				counts[i] = new LongAdder();
			}
			this.outcomes.put(request, counts);
			this.latencies.put(request, new AtomicLongArray(LoadRecorder.MAX_MILLIS + 1));
		}
	}

	/** A warm-up answer: only counted for the progress line. */
	void recordWarmup(ReadOutcome outcome) {
		this.allRequests.increment();
		if (!outcome.passes()) {
			this.allErrors.increment();
		}
	}

	/**
	 * A measured answer.
	 * @param userId the user whose status was read (ignored for the coupon read)
	 * @param instance the replica that answered ({@code X-Instance-Id}), or null when none did
	 * @param latencyMillis the response time, or a negative value when there was no response
	 */
	public void record(ReadRequest request, long userId, ReadOutcome outcome, String instance, long latencyMillis,
			long answeredAtNanos) {
		recordWarmup(outcome);
		this.outcomes.get(request)[outcome.ordinal()].increment();
		this.instances.computeIfAbsent((instance != null) ? instance : "(none)", (key) -> new LongAdder()).increment();
		if (latencyMillis >= 0) {
			this.latencies.get(request).incrementAndGet((int) Math.min(latencyMillis, LoadRecorder.MAX_MILLIS));
		}
		int second = (int) Math.clamp((answeredAtNanos - this.measureStartNanos) / 1_000_000_000L, 0,
				this.timelineSeconds - 1);
		this.timelineRequests.incrementAndGet(second);
		if (!outcome.passes()) {
			this.timelineErrors.incrementAndGet(second);
		}
		if (request == ReadRequest.ISSUE_STATUS) {
			this.statusAnswers.add(new ReadChecker.StatusAnswer(userId, outcome));
		}
	}

	@Override
	public long allRequests() {
		return this.allRequests.sum();
	}

	@Override
	public long allErrors() {
		return this.allErrors.sum();
	}

	/** The measurement so far. */
	public ReadResult result(double measuredSeconds) {
		Map<ReadRequest, Map<ReadOutcome, Long>> counts = new EnumMap<>(ReadRequest.class);
		Map<ReadRequest, Latencies> latencyByRequest = new EnumMap<>(ReadRequest.class);
		long[] all = new long[LoadRecorder.MAX_MILLIS + 1];
		for (ReadRequest request : ReadRequest.values()) {
			Map<ReadOutcome, Long> byOutcome = new EnumMap<>(ReadOutcome.class);
			for (ReadOutcome outcome : ReadOutcome.values()) {
				byOutcome.put(outcome, this.outcomes.get(request)[outcome.ordinal()].sum());
			}
			counts.put(request, byOutcome);
			AtomicLongArray histogram = this.latencies.get(request);
			long[] copy = new long[histogram.length()];
			for (int ms = 0; ms < copy.length; ms++) {
				copy[ms] = histogram.get(ms);
				all[ms] += copy[ms];
			}
			latencyByRequest.put(request, Latencies.of(copy));
		}
		Map<String, Long> byInstance = new TreeMap<>();
		this.instances.forEach((instance, count) -> byInstance.put(instance, count.sum()));
		return new ReadResult(measuredSeconds, counts, byInstance, Latencies.of(all), latencyByRequest,
				timeline(this.timelineRequests), timeline(this.timelineErrors), new ArrayList<>(this.statusAnswers));
	}

	private static List<Long> timeline(AtomicLongArray counts) {
		List<Long> values = new ArrayList<>(counts.length());
		for (int i = 0; i < counts.length(); i++) {
			values.add(counts.get(i));
		}
		return values;
	}

}
