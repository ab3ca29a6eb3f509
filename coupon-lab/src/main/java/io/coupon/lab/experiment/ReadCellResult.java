package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.Map;

import io.coupon.lab.check.ReadChecker;

/**
 * Everything measured in one read-status cell.
 *
 * @param warmup how long the cell read, unmeasured, before its measurement
 * @param couponId the coupon seeded and read
 * @param seed what the preparation's issue requests were answered
 * @param seedDrainSeconds seconds from the end of the seed until MySQL held a row for every slot Redis granted, or a
 * negative value if it did not within the drain timeout
 * @param reads what the load saw
 * @param verdict the read checker's counts, against MySQL and Redis before and after the reads
 * @param cpu CPU time during the measurement, by process group, the load generator included
 * @param gatlingReport Gatling's HTML report folder of the reads, relative to the results folder (null if none)
 */
public record ReadCellResult(ExperimentOptions.Cell cell, Duration warmup, long couponId, IssueSeed.Result seed,
		double seedDrainSeconds, ReadResult reads, ReadChecker.Verdict verdict, Map<String, Duration> cpu,
		String gatlingReport) implements MeasuredCell {

	@Override
	public MeasuredLoad measured() {
		return this.reads;
	}

	@Override
	public boolean passed() {
		return this.verdict.passed();
	}

	/** CPU seconds a group spent per 1,000 requests (two per iteration), or NaN when none was answered. */
	@Override
	public double cpuPerThousand(double cpuSeconds) {
		long requests = this.reads.total();
		return (requests > 0) ? cpuSeconds * 1000 / requests : Double.NaN;
	}

	public boolean seedDrained() {
		return this.seedDrainSeconds >= 0;
	}

}
