package io.coupon.lab.experiment;

import java.util.List;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;

/**
 * One cell's measured load.
 *
 * @param seconds the measured duration
 * @param outcomes answers by outcome
 * @param instances answers by the replica that gave them ({@code (none)}: the gateway answered itself, or nothing did)
 * @param answersTimeline answers in each second of the measurement
 * @param issuedTimeline issued coupons in each second
 * @param errorsTimeline errors in each second
 * @param requests every measured request's user and outcome
 */
public record LoadResult(double seconds, Map<Outcome, Long> outcomes, Map<String, Long> instances,
		Latencies latencies, List<Long> answersTimeline, List<Long> issuedTimeline, List<Long> errorsTimeline,
		List<InvariantChecker.Request> requests) implements MeasuredLoad {

	@Override
	public long total() {
		return this.outcomes.values().stream().mapToLong(Long::longValue).sum();
	}

	public long count(Outcome outcome) {
		return this.outcomes.getOrDefault(outcome, 0L);
	}

	@Override
	public long errors() {
		return count(Outcome.REJECTED) + count(Outcome.FAILED) + count(Outcome.TIMED_OUT);
	}

	/** Answers per second, whatever they said: what the origin's TPS counted. */
	@Override
	public double tps() {
		return total() / this.seconds;
	}

	public double issuedPerSecond() {
		return count(Outcome.ISSUED) / this.seconds;
	}

}
