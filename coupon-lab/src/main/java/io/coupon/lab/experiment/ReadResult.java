package io.coupon.lab.experiment;

import java.util.List;
import java.util.Map;

import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;

/**
 * One read-status cell's measured load. Every iteration of a virtual user sends two requests, so {@link #tps()}
 * counts requests and {@link #iterationsPerSecond()} iterations.
 *
 * @param seconds the measured duration
 * @param outcomes answers by request and outcome
 * @param instances answers by the replica that gave them ({@code (none)}: the gateway answered itself, or nothing did)
 * @param latencies response times of both requests together
 * @param latenciesByRequest response times of each request
 * @param answersTimeline requests answered in each second of the measurement
 * @param errorsTimeline errors in each second
 * @param statusAnswers every measured status read's user and outcome
 */
public record ReadResult(double seconds, Map<ReadRequest, Map<ReadOutcome, Long>> outcomes,
		Map<String, Long> instances, Latencies latencies, Map<ReadRequest, Latencies> latenciesByRequest,
		List<Long> answersTimeline, List<Long> errorsTimeline, List<ReadChecker.StatusAnswer> statusAnswers)
		implements MeasuredLoad {

	public long count(ReadRequest request, ReadOutcome outcome) {
		return this.outcomes.getOrDefault(request, Map.of()).getOrDefault(outcome, 0L);
	}

	public long requests(ReadRequest request) {
		return this.outcomes.getOrDefault(request, Map.of()).values().stream().mapToLong(Long::longValue).sum();
	}

	@Override
	public long total() {
		long total = 0;
		for (ReadRequest request : ReadRequest.values()) {
			total += requests(request);
		}
		return total;
	}

	/** Answers that are not a pass of ngrinder/read-status.groovy, an oversold count included. */
	@Override
	public long errors() {
		long errors = 0;
		for (ReadRequest request : ReadRequest.values()) {
			for (ReadOutcome outcome : ReadOutcome.values()) {
				if (!outcome.passes()) {
					errors += count(request, outcome);
				}
			}
		}
		return errors;
	}

	/** Iterations finished per second: each ends with its status read. */
	public double iterationsPerSecond() {
		return requests(ReadRequest.ISSUE_STATUS) / this.seconds;
	}

	/** Coupon reads whose counts showed more issued than the stock. */
	public long oversoldReads() {
		return count(ReadRequest.COUPON_COUNTS, ReadOutcome.OVERSOLD);
	}

}
