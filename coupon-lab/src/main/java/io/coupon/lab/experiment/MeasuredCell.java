package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.Map;

/** One measured cell of either scenario, as the parts of the report common to both see it. */
public interface MeasuredCell {

	ExperimentOptions.Cell cell();

	/** How long the cell warmed up before its measurement. */
	Duration warmup();

	/** The measured coupon. */
	long couponId();

	MeasuredLoad measured();

	/** CPU time during the measurement, by process group, the load generator included. */
	Map<String, Duration> cpu();

	/** Gatling's HTML report folder, relative to the results folder (null if none was written). */
	String gatlingReport();

	/** Whether the cell's checker passed. */
	boolean passed();

	/** CPU seconds per 1,000 units of the cell's work (issued coupons, or requests), or NaN when there were none. */
	double cpuPerThousand(double cpuSeconds);

	/** CPU seconds of the suite's processes (everything but the load generator). */
	default double suiteCpuSeconds() {
		return cpu().entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(ProcessCpu.GENERATOR))
			.mapToDouble((entry) -> seconds(entry.getValue()))
			.sum();
	}

	default double generatorCpuSeconds() {
		return seconds(cpu().getOrDefault(ProcessCpu.GENERATOR, Duration.ZERO));
	}

	/** The load generator's part of all the CPU time spent during the measurement. */
	default double generatorShare() {
		double all = suiteCpuSeconds() + generatorCpuSeconds();
		return (all > 0) ? generatorCpuSeconds() / all : 0;
	}

	/**
	 * CPU milliseconds a process group spent per answer the load got (whatever it said), or NaN when there was none,
	 * or the group was not measured, or it is the gateway of a cell sent around it: a request's price at each hop.
	 */
	default double cpuMillisPerAnswer(String group) {
		Duration used = cpu().get(group);
		long answers = measured().total();
		boolean bypassed = group.equals("gateway") && !cell().target().viaGateway();
		return (used == null || answers == 0 || bypassed) ? Double.NaN : used.toNanos() / 1e6 / answers;
	}

	static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
