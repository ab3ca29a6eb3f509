package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;

/**
 * Everything measured in one issue cell.
 *
 * @param warmup how long the cell warmed up before its measurement
 * @param couponId the measured coupon
 * @param load what the load saw
 * @param verdict the invariant checker's counts, against the rows in MySQL
 * @param redisIssued how many slots Redis granted
 * @param drainSeconds seconds from the end of the load until MySQL held a row for every slot Redis granted, or a
 * negative value if it did not within the drain timeout
 * @param cpu CPU time during the measurement, by process group, the load generator included
 * @param gatlingReport Gatling's HTML report folder, relative to the results folder (null if none was written)
 */
public record CellResult(ExperimentOptions.Cell cell, Duration warmup, long couponId, LoadResult load, InvariantChecker.Verdict verdict,
		long redisIssued, double drainSeconds, Map<String, Duration> cpu, String gatlingReport) implements MeasuredCell {

	@Override
	public MeasuredLoad measured() {
		return this.load;
	}

	@Override
	public boolean passed() {
		return this.verdict.passed();
	}

	/** CPU seconds a group spent per 1,000 issued coupons, or NaN when nothing was issued. */
	@Override
	public double cpuPerThousand(double cpuSeconds) {
		long issued = this.load.count(Outcome.ISSUED);
		return (issued > 0) ? cpuSeconds * 1000 / issued : Double.NaN;
	}

	public boolean drained() {
		return this.drainSeconds >= 0;
	}

}
