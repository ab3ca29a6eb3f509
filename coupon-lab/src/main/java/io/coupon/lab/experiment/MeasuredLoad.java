package io.coupon.lab.experiment;

import java.util.List;
import java.util.Map;

/** What every cell's load measured, whatever its scenario: requests, errors, latencies, replicas and seconds. */
public interface MeasuredLoad {

	/** The measured duration. */
	double seconds();

	/** Measured requests, each answered or given up. */
	long total();

	long errors();

	/** Requests answered per second, whatever they said. */
	default double tps() {
		return total() / seconds();
	}

	/** Response times of every measured request that got an answer. */
	Latencies latencies();

	/** Answers by the replica that gave them ({@code (none)}: the gateway answered itself, or nothing did). */
	Map<String, Long> instances();

	/** Answers in each second of the measurement. */
	List<Long> answersTimeline();

	/** Errors in each second of the measurement. */
	List<Long> errorsTimeline();

	/** The busiest second's answers, ignoring the last, partial one. */
	default long peakTps() {
		List<Long> timeline = answersTimeline();
		int full = Math.max(1, Math.min(timeline.size(), (int) Math.floor(seconds())));
		return timeline.subList(0, full).stream().mapToLong(Long::longValue).max().orElse(0);
	}

}
