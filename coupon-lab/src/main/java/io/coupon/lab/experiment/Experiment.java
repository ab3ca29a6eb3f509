package io.coupon.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.coupon.lab.Pauses;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.cpu.CpuBudgetFlags;
import io.coupon.lab.cpu.SuiteCpuBudgets;
import io.coupon.lab.cpu.Throttling;
import io.coupon.lab.cpu.ThrottlingReport;

/**
 * Runs an experiment's cells against a suite it starts, and writes the report as each cell ends (so that an
 * interrupted experiment still leaves the cells it finished).
 */
public final class Experiment {

	/** The worker is expected to catch up within seconds; past this the cell is reported as not drained. */
	static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	/** Rows that stopped growing for this long will not grow any more. */
	static final Duration DRAIN_STABLE = Duration.ofSeconds(5);

	/** The API's largest quantity: the warm-up never sells out. */
	static final long WARMUP_STOCK = 100_000_000;

	private final ExperimentOptions options;

	private final Path resultsDir;

	private final PrintStream out;

	private CpuBudgetFlags cpuBudgets = CpuBudgetFlags.take(List.of());

	public Experiment(ExperimentOptions options, Path resultsDir, PrintStream out) {
		this.options = options;
		this.resultsDir = resultsDir;
		this.out = out;
	}

	/** The CPU budgets of the suite {@link #run(SuiteOptions)} starts. */
	public Experiment withCpuBudgets(CpuBudgetFlags cpuBudgets) {
		this.cpuBudgets = cpuBudgets;
		return this;
	}

	/**
	 * Starts the suite described by {@code suiteOptions} (its replica count and strategy are the first cell's), runs
	 * every cell, stops the suite, and returns the report written to the results folder.
	 */
	public ExperimentReport run(SuiteOptions suiteOptions) {
		ExperimentOptions.Cell first = this.options.cells().getFirst();
		this.out.printf("Experiment: %d cells (%s), results in %s%n", this.options.cells().size(), describe(),
				this.resultsDir);
		SuiteCpuBudgets budgets = this.cpuBudgets.forSuite(suiteOptions.stateDir());
		// A cell measures warm components held to their budgets: each new one is boosted until the next measurement.
		budgets.boostUntilMeasured();
		try (RunningSuite suite = Suite.start(suiteOptions.withReplicas(first.replicas()).withStrategy(first.strategy()),
				budgets)) {
			return runOn(suite, true);
		}
	}

	/**
	 * Runs every cell on a running suite (scaling its replicas and switching their strategy as the cells need), and
	 * returns the report written to the results folder. The suite keeps running.
	 * @param freshSuite whether the suite has just started: its first cell then warms up as a cold one
	 */
	public ExperimentReport runOn(RunningSuite suite, boolean freshSuite) {
		List<ExperimentOptions.Cell> cells = this.options.cells();
		ExperimentReport report = new ExperimentReport(this.options, this.resultsDir, Instant.now());
		report.cpuBudgets(suite.cpuBudgets());
		GatlingLoad.configure(this.options.requestTimeout());
		long started = System.nanoTime();
		String strategy = suite.options().strategy();
		boolean cold = freshSuite;
		// The gateway is a JVM of its own: a first cell through it after cells sent straight to a replica finds it cold
		// (measured: 519 issued/s instead of about 2,000 after a 20 s warm-up).
		boolean gatewayWarm = false;
		// Cells through the trusted gateway restart it with its security off; it is switched back on afterwards.
		boolean gatewaySecured = true;
		try {
			for (ExperimentOptions.Cell cell : cells) {
				this.out.printf("%n[cell %d/%d] %s (elapsed %s)%n", cell.index(), cells.size(), cell.label(),
						minutes(System.nanoTime() - started));
				if (cell.target().viaGateway() && (cell.target() == Target.GATEWAY) != gatewaySecured) {
					gatewaySecured = cell.target() == Target.GATEWAY;
					suite.restartGateway(gatewaySecured);
					gatewayWarm = false;
				}
				cold |= cell.replicas() > suite.options().replicas();
				cold |= cell.target().viaGateway() && !gatewayWarm;
				suite.scaleApiReplicas(cell.replicas());
				if (!cell.strategy().equals(strategy)) {
					suite.restartApiReplicas(cell.strategy());
					strategy = cell.strategy();
					cold = true;
				}
				Duration coldWarmup = cold ? this.options.coldWarmup() : Duration.ZERO;
				if (cell.scenario() == Scenario.ISSUE) {
					CellResult result = runCell(suite, cell, cells.size(), coldWarmup, report);
					report.add(result);
					this.out.println(ExperimentReport.summaryLine(result));
				}
				else {
					ReadCellResult result = runReadCell(suite, cell, cells.size(), coldWarmup, report);
					report.add(result);
					this.out.println(ReadStatusReport.summaryLine(result));
				}
				report.write();
				cold = false;
				gatewayWarm |= cell.target().viaGateway();
			}
		}
		finally {
			if (!gatewaySecured) {
				// Never leave a gateway open: a suite that ./coupon up started outlives the experiment.
				suite.restartGateway(true);
			}
		}
		this.out.printf("%nDone in %s.%n%n", minutes(System.nanoTime() - started));
		return report;
	}

	/** @param coldWarmup zero, or the cold part of the cell's warm-up ({@link GatlingLoad#arrivals}) */
	private CellResult runCell(RunningSuite suite, ExperimentOptions.Cell cell, int cellCount, Duration coldWarmup,
			ExperimentReport report) {
		Duration warmup = this.options.warmup().plus(coldWarmup);
		SuiteClient client = new SuiteClient(suite);
		long warmupCoupon = client.createCoupon("warm-up " + cell.slug(), WARMUP_STOCK);
		long coupon = client.createCoupon("experiment " + cell.slug(), this.options.stock());
		String baseUrl = cell.target().viaGateway() ? suite.gatewayUrl() : suite.apiUrl(1);
		LoadRun run = new LoadRun(baseUrl, cell.vusers(), coupon, warmupCoupon, this.options.users(),
				coldWarmup, warmup, this.options.duration(), suite.tokens());
		String prefix = String.format("  [%d/%d]", cell.index(), cellCount);
		Optional<Path> gatlingReport;
		CellMonitor.boostForWarmUp(prefix, this.out, suite);
		CellMonitor monitor = CellMonitor.onSuite(run, prefix, this.out, suite);
		try (monitor) {
			gatlingReport = GatlingLoad.run(IssueSimulation.class, run, this.resultsDir.resolve("gatling"), cell.label(),
					true);
		}
		report.addThrottling(cell.index(), monitor.throttled());
		printThrottling(prefix, report.throttling(cell.index()));
		LoadResult load = run.recorder().result(this.options.duration().toNanos() / 1e9);
		long loadEnded = System.nanoTime();
		double drainSeconds = awaitDrain(client, coupon, this.options.stock(), loadEnded);
		long redisIssued = client.issuedQuantity(coupon);
		InvariantChecker.Verdict verdict = InvariantChecker.check(this.options.stock(), load.requests(),
				client.rowUserIds(coupon));
		String gatlingFolder = gatlingReport.map((path) -> this.resultsDir.relativize(path).toString()).orElse(null);
		return new CellResult(cell, warmup, coupon, load, verdict, redisIssued, drainSeconds, monitor.cpuUsed(),
				gatlingFolder);
	}

	/**
	 * A read-status cell: issue its coupon to the first half of the read users through the same target (the seed),
	 * wait until the worker has written them, note the rows and Redis's count, read for the warm-up and the
	 * measurement, then check that the reads changed neither and that their answers agree with the rows.
	 */
	private ReadCellResult runReadCell(RunningSuite suite, ExperimentOptions.Cell cell, int cellCount,
			Duration coldWarmup, ExperimentReport report) {
		Duration warmup = this.options.warmup().plus(coldWarmup);
		SuiteClient client = new SuiteClient(suite);
		long coupon = client.createCoupon("experiment " + cell.slug(), this.options.stock());
		String baseUrl = cell.target().viaGateway() ? suite.gatewayUrl() : suite.apiUrl(1);
		String prefix = String.format("  [%d/%d]", cell.index(), cellCount);
		Path gatlingResults = this.resultsDir.resolve("gatling");

		IssueSeed seed = new IssueSeed(baseUrl, cell.vusers(), coupon, this.options.seededReadUsers(), suite.tokens());
		this.out.printf("%s  seed     issuing coupon %d to users 1-%,d (%d virtual users)%n", prefix, coupon,
				this.options.seededReadUsers(), seed.vusers());
		GatlingLoad.run(IssueSeedSimulation.class, seed, gatlingResults, cell.label() + " seed", false);
		IssueSeed.Result seeded = seed.result();
		double seedDrainSeconds = awaitDrain(client, coupon, this.options.stock(), System.nanoTime());
		ReadChecker.State before = new ReadChecker.State(client.rowCount(coupon), client.issuedQuantity(coupon));
		this.out.printf("%s  seed     %,d issued, %,d sold out, %,d errors; %,d rows; reading users 1-%,d%n", prefix,
				seeded.count(Outcome.ISSUED), seeded.count(Outcome.SOLD_OUT), seeded.errors(), before.rows(),
				this.options.readUsers());

		ReadRun run = new ReadRun(baseUrl, cell.vusers(), coupon, this.options.readUsers(), coldWarmup,
				warmup, this.options.duration(), suite.tokens());
		Optional<Path> gatlingReport;
		CellMonitor.boostForWarmUp(prefix, this.out, suite);
		CellMonitor monitor = CellMonitor.onSuite(run, prefix, this.out, suite);
		try (monitor) {
			gatlingReport = GatlingLoad.run(ReadStatusSimulation.class, run, gatlingResults, cell.label(), true);
		}
		report.addThrottling(cell.index(), monitor.throttled());
		printThrottling(prefix, report.throttling(cell.index()));
		ReadResult reads = run.recorder().result(this.options.duration().toNanos() / 1e9);
		List<Long> rowsAfter = client.rowUserIds(coupon);
		ReadChecker.State after = new ReadChecker.State(rowsAfter.size(), client.issuedQuantity(coupon));
		ReadChecker.Verdict verdict = ReadChecker.check(this.options.stock(), before, after, reads.oversoldReads(),
				reads.statusAnswers(), rowsAfter);
		String gatlingFolder = gatlingReport.map((path) -> this.resultsDir.relativize(path).toString()).orElse(null);
		return new ReadCellResult(cell, warmup, coupon, seeded, seedDrainSeconds, reads, verdict, monitor.cpuUsed(),
				gatlingFolder);
	}

	private void printThrottling(String prefix, Map<String, Throttling> throttling) {
		ThrottlingReport.mostThrottled(throttling)
			.ifPresent((component) -> this.out.printf(Locale.ROOT,
					"%s  cpu      most throttled: %s, in %.0f%% of its periods (%,d of %,d)%n", prefix, component,
					100 * throttling.get(component).throttledShare(), throttling.get(component).throttledPeriods(),
					throttling.get(component).periods()));
	}

	/**
	 * Waits until MySQL holds a row for every slot Redis granted (or for the whole stock, if Redis counted more): the
	 * worker has then consumed everything the API published. Returns the seconds since {@code loadEnded}, or -1 when
	 * the row count stopped growing short of that for {@link #DRAIN_STABLE} (the origin's set-incr strategy counts
	 * grants it never publishes) or when {@link #DRAIN_TIMEOUT} passed.
	 */
	static double awaitDrain(SuiteClient client, long coupon, long stock, long loadEnded) {
		long deadline = loadEnded + DRAIN_TIMEOUT.toNanos();
		long expected = Math.min(client.issuedQuantity(coupon), stock);
		long rows = -1;
		long rowsChangedAt = System.nanoTime();
		while (System.nanoTime() < deadline) {
			long now = client.rowCount(coupon);
			if (now >= expected) {
				return (System.nanoTime() - loadEnded) / 1e9;
			}
			if (now != rows) {
				rows = now;
				rowsChangedAt = System.nanoTime();
			}
			else if (System.nanoTime() - rowsChangedAt > DRAIN_STABLE.toNanos()) {
				return -1;
			}
			Pauses.pause(Duration.ofMillis(100));
		}
		return -1;
	}

	private String describe() {
		ExperimentOptions o = this.options;
		return String.format("strategies %s, targets %s, replicas %s, scenarios %s, vusers %s, %ds warm-up (+%ds when "
				+ "cold) + %ds measured each, stock %,d, users %s", String.join(",", o.strategies()),
				String.join(",", o.targets().stream().map(Target::label).toList()), join(o.replicas()),
				String.join(",", o.scenarios().stream().map(Scenario::label).toList()), join(o.vusers()),
				o.warmup().toSeconds(), o.coldWarmup().toSeconds(), o.duration().toSeconds(), o.stock(),
				o.users().label());
	}

	private static String join(List<Integer> values) {
		List<String> parts = new ArrayList<>();
		values.forEach((value) -> parts.add(value.toString()));
		return String.join(",", parts);
	}

	private static String minutes(long nanos) {
		long seconds = nanos / 1_000_000_000L;
		return String.format("%dm%02ds", seconds / 60, seconds % 60);
	}

}
