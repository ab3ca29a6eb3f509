package io.coupon.lab.experiment;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.coupon.lab.ComponentState;
import io.coupon.lab.Pauses;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.cpu.SuiteCpuBudgets;
import io.coupon.lab.cpu.Throttling;
import io.coupon.lab.cpu.ThrottlingReport;

/**
 * Watches one cell's load from its own thread: prints a progress line every few seconds (phase, elapsed, live
 * requests per second and errors), and takes the CPU snapshots at the start and the end of the measurement.
 */
final class CellMonitor implements AutoCloseable {

	private static final Duration PRINT_EVERY = Duration.ofSeconds(5);

	private final MeasuredRun<?> run;

	private final String prefix;

	private final PrintStream out;

	private final Supplier<List<ComponentState>> components;

	private final Thread thread;

	private volatile boolean closed;

	private volatile Map<String, Duration> cpuAtStart;

	private volatile Map<String, Duration> cpuAtEnd;

	private final Supplier<Map<String, Throttling>> throttling;

	private volatile Map<String, Throttling> throttlingAtStart;

	private volatile Map<String, Throttling> throttlingAtEnd;

	private final Runnable onMeasureStart;

	CellMonitor(MeasuredRun<?> run, String prefix, PrintStream out, Supplier<List<ComponentState>> components) {
		this(run, prefix, out, components, Map::of, () -> {
		});
	}

	/**
	 * @param throttling reads each budgeted component's throttling counts so far
	 * @param onMeasureStart runs once the warm-up is over, just before the measurement's first readings
	 */
	CellMonitor(MeasuredRun<?> run, String prefix, PrintStream out, Supplier<List<ComponentState>> components,
			Supplier<Map<String, Throttling>> throttling, Runnable onMeasureStart) {
		this.throttling = throttling;
		this.onMeasureStart = onMeasureStart;
		this.run = run;
		this.prefix = prefix;
		this.out = out;
		this.components = components;
		this.thread = Thread.ofPlatform().daemon().name("cell-monitor").start(this::watch);
	}

	/**
	 * A monitor of a cell on {@code suite}: its processes' CPU, its budgets' throttling, and, as the measurement
	 * begins, the end of the boosts of its start or warm-up ({@link io.coupon.lab.cpu.SuiteCpuBudgets#measuring()}).
	 */
	static CellMonitor onSuite(MeasuredRun<?> run, String prefix, PrintStream out, RunningSuite suite) {
		return new CellMonitor(run, prefix, out, suite::components, suite.cpuBudgets()::throttling, () -> {
			List<String> ended = suite.cpuBudgets().measuring();
			if (!ended.isEmpty()) {
				out.printf("%s  cpu      boost over, held to their budgets from here: %s%n", prefix,
						String.join(", ", ended));
			}
		});
	}

	/** Boosts the suite's budgeted components for a warm-up that begins ({@link SuiteCpuBudgets#warmingUp()}). */
	static void boostForWarmUp(String prefix, PrintStream out, RunningSuite suite) {
		List<String> boosted = suite.cpuBudgets().warmingUp();
		if (!boosted.isEmpty()) {
			out.printf("%s  cpu      boosted for the warm-up: %s%n", prefix, String.join(", ", boosted));
		}
	}

	private void watch() {
		while (!this.closed && !this.run.started()) {
			Pauses.pause(Duration.ofMillis(20));
		}
		long lastPrint = System.nanoTime();
		long lastRequests = 0;
		long lastErrors = 0;
		LoadClock clock = this.run.clock();
		while (!this.closed) {
			long now = System.nanoTime();
			if (this.cpuAtStart == null && now >= clock.measureStartNanos()) {
				this.onMeasureStart.run();
				this.cpuAtStart = ProcessCpu.snapshot(this.components.get());
				this.throttlingAtStart = this.throttling.get();
			}
			if (this.cpuAtEnd == null && now >= clock.endNanos()) {
				this.cpuAtEnd = ProcessCpu.snapshot(this.components.get());
				this.throttlingAtEnd = this.throttling.get();
			}
			if (now - lastPrint >= PRINT_EVERY.toNanos()) {
				long requests = this.run.answersSoFar();
				long errors = this.run.errorsSoFar();
				double seconds = (now - lastPrint) / 1e9;
				this.out.printf("%s  %-8s %s | %,8.0f req/s | errors %,d (+%,d)%n", this.prefix, phase(clock, now),
						elapsed(clock, now), (requests - lastRequests) / seconds, errors, errors - lastErrors);
				lastPrint = now;
				lastRequests = requests;
				lastErrors = errors;
			}
			Pauses.pause(Duration.ofMillis(50));
		}
	}

	private static String phase(LoadClock clock, long now) {
		if (now < clock.measureStartNanos()) {
			return "warm-up";
		}
		return (now < clock.endNanos()) ? "measure" : "finish";
	}

	private static String elapsed(LoadClock clock, long now) {
		if (now < clock.measureStartNanos()) {
			long warmup = clock.measureStartNanos() - clock.startNanos();
			return String.format("%3ds/%ds", (now - clock.startNanos()) / 1_000_000_000L, warmup / 1_000_000_000L);
		}
		long measured = Math.min(now, clock.endNanos()) - clock.measureStartNanos();
		return String.format("%3ds/%ds", measured / 1_000_000_000L, clock.duration().toSeconds());
	}

	/** The CPU used during the measurement; a snapshot the monitor missed (a load that ended early) is taken now. */
	Map<String, Duration> cpuUsed() {
		Map<String, Duration> start = (this.cpuAtStart != null) ? this.cpuAtStart
				: ProcessCpu.snapshot(this.components.get());
		Map<String, Duration> end = (this.cpuAtEnd != null) ? this.cpuAtEnd : ProcessCpu.snapshot(this.components.get());
		return ProcessCpu.used(start, end);
	}

	/** How the kernel throttled each budgeted component during the measurement (same snapshots as the CPU). */
	Map<String, Throttling> throttled() {
		Map<String, Throttling> start = (this.throttlingAtStart != null) ? this.throttlingAtStart : this.throttling.get();
		Map<String, Throttling> end = (this.throttlingAtEnd != null) ? this.throttlingAtEnd : this.throttling.get();
		return ThrottlingReport.between(start, end);
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.thread.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
