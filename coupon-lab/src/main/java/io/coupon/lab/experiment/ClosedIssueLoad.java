package io.coupon.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.coupon.lab.ComponentState;
import io.coupon.lab.TokenMinter;

/**
 * The experiments' issue load ({@link IssueSimulation}: a closed model, every request a new user with a freshly
 * signed token) against any base URL, with the CPU of the given processes sampled at the start and the end of the
 * measurement ({@link CellMonitor}), for the benchmarks that run outside an experiment's suite.
 */
public final class ClosedIssueLoad {

	/** The coupon the load names: whatever answers it has no stock to take from. */
	static final long COUPON = 1;

	private ClosedIssueLoad() {
	}

	/**
	 * What one run measured.
	 * @param cpu CPU time used during the measurement, by component name (and {@code load generator})
	 */
	public record Measured(LoadResult load, Map<String, Duration> cpu) {
	}

	/**
	 * Runs the load to its end (no Gatling HTML report).
	 * @param processes the processes whose CPU is sampled, named by their component name
	 */
	public static Measured run(String baseUrl, int vusers, Duration warmup, Duration duration, TokenMinter tokens,
			Path gatlingResults, String label, PrintStream out, Supplier<List<ComponentState>> processes) {
		GatlingLoad.configure(Duration.ofSeconds(10));
		LoadRun run = new LoadRun(baseUrl, vusers, COUPON, COUPON, UserMode.UNIQUE, Duration.ZERO, warmup, duration,
				tokens);
		CellMonitor monitor = new CellMonitor(run, "  [" + label + "]", out, processes);
		try (monitor) {
			GatlingLoad.run(IssueSimulation.class, run, gatlingResults, label, false);
		}
		return new Measured(run.recorder().result(duration.toNanos() / 1e9), monitor.cpuUsed());
	}

}
