package io.coupon.lab.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.coupon.lab.Pauses;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.cpu.CpuBudgetFlags;
import io.coupon.lab.cpu.SuiteCpuBudgets;
import io.coupon.lab.cpu.Throttling;

/**
 * Runs one sale ({@link SaleOptions}) against a suite: warm up on a coupon of its own, create the sale's coupon, send
 * its users, wait for the worker to drain, run the invariant checker on every attempt against the rows, and write
 * the report ({@link SaleReport}).
 */
public final class SaleExperiment {

	/** How long the suite may take to answer the lab again once the sale's users are gone. */
	static final Duration AFTER_SALE_TIMEOUT = Duration.ofMinutes(3);

	private final SaleOptions options;

	private final Path resultsDir;

	private final PrintStream out;

	private CpuBudgetFlags cpuBudgets = CpuBudgetFlags.take(List.of());

	public SaleExperiment(SaleOptions options, Path resultsDir, PrintStream out) {
		this.options = options;
		this.resultsDir = resultsDir;
		this.out = out;
	}

	/** The CPU budgets of the suite {@link #run(SuiteOptions)} starts. */
	public SaleExperiment withCpuBudgets(CpuBudgetFlags cpuBudgets) {
		this.cpuBudgets = cpuBudgets;
		return this;
	}

	/** Starts the suite with the sale's replicas and strategy, runs the sale, stops the suite. */
	public SaleReport run(SuiteOptions suiteOptions) {
		SuiteCpuBudgets budgets = this.cpuBudgets.forSuite(suiteOptions.stateDir());
		// The sale meets warm components held to their budgets: each new one is boosted until the sale begins.
		budgets.boostUntilMeasured();
		try (RunningSuite suite = Suite.start(
				suiteOptions.withReplicas(this.options.replicas()).withStrategy(this.options.strategy()), budgets)) {
			return runOn(suite, true);
		}
	}

	/**
	 * Runs the sale on a running suite (scaled and switched to the sale's replicas and strategy), which keeps running.
	 * @param freshSuite whether the suite has just started: its warm-up is then longer by the cold warm-up
	 */
	public SaleReport runOn(RunningSuite suite, boolean freshSuite) {
		this.out.printf("Sale: %s, %,d users, each retrying a 502, 503, 504 or a timeout at most %d times (backoff %d ms, "
				+ "doubling); results in %s%n", this.options.label(), this.options.totalUsers(), this.options.retries(),
				this.options.backoff().toMillis(), this.resultsDir);
		GatlingLoad.configure(this.options.requestTimeout());
		boolean cold = freshSuite || this.options.replicas() > suite.options().replicas();
		suite.scaleApiReplicas(this.options.replicas());
		if (!suite.options().strategy().equals(this.options.strategy())) {
			suite.restartApiReplicas(this.options.strategy());
			cold = true;
		}
		SuiteClient client = new SuiteClient(suite);
		String baseUrl = this.options.target().viaGateway() ? suite.gatewayUrl() : suite.apiUrl(1);
		Path gatlingResults = this.resultsDir.resolve("gatling");
		Duration coldWarmup = cold ? this.options.coldWarmup() : Duration.ZERO;
		Duration warmup = this.options.warmup().plus(coldWarmup);
		if (!warmup.isZero()) {
			CellMonitor.boostForWarmUp("  [warm-up]", this.out, suite);
			warmUp(suite, client, baseUrl, coldWarmup, warmup, gatlingResults);
		}

		long coupon = client.createCoupon("sale " + this.options.shape().label(), this.options.stock());
		SaleRun run = new SaleRun(baseUrl, this.options, coupon, suite.tokens());
		CellMonitor monitor = CellMonitor.onSuite(run, "  [sale]", this.out, suite);
		Optional<Path> gatlingReport;
		try (monitor) {
			gatlingReport = GatlingLoad.run(SaleSimulation.class, run, gatlingResults, this.options.label(), true);
		}
		long loadEnded = System.nanoTime();
		SaleResult sale = run.recorder().result(loadEnded);
		Map<String, Throttling> throttled = monitor.throttled();
		Map<String, Duration> cpu = monitor.cpuUsed();
		this.out.println(SaleReport.loadLine(sale));
		awaitAnswering(client, coupon);
		double drainSeconds = Experiment.awaitDrain(client, coupon, this.options.stock(), loadEnded);
		long redisIssued = client.issuedQuantity(coupon);
		InvariantChecker.Verdict verdict = InvariantChecker.check(this.options.stock(), sale.requests(),
				client.rowUserIds(coupon));
		SaleReport report = new SaleReport(this.options, this.resultsDir, Instant.now(), coupon, warmup, sale,
				verdict, redisIssued, drainSeconds, cpu, suite.cpuBudgets(), throttled,
				gatlingReport.map((path) -> this.resultsDir.relativize(path).toString()).orElse(null));
		report.write();
		this.out.println(report.summaryLine());
		return report;
	}

	/**
	 * Waits until the suite answers the lab's own reads again. After a spike the gateway and the replicas can still be
	 * working through requests whose users gave up (measured: 10,000 users at once on a loaded 2-core machine, the
	 * coupon read timed out after 10 s right after the load).
	 */
	private void awaitAnswering(SuiteClient client, long coupon) {
		long deadline = System.nanoTime() + AFTER_SALE_TIMEOUT.toNanos();
		while (true) {
			try {
				client.issuedQuantity(coupon);
				return;
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The suite did not answer within " + AFTER_SALE_TIMEOUT.toSeconds()
							+ " s after the sale: " + ex.getMessage(), ex);
				}
				this.out.println("  [sale] the suite is still busy (" + ex.getMessage() + "); asking again");
				Pauses.pause(Duration.ofSeconds(2));
			}
		}
	}

	/** The closed issue load on a coupon of its own, so that the sale meets JVMs that have served before. */
	private void warmUp(RunningSuite suite, SuiteClient client, String baseUrl, Duration coldWarmup, Duration warmup,
			Path gatlingResults) {
		long warmupCoupon = client.createCoupon("sale warm-up", Experiment.WARMUP_STOCK);
		int vusers = GatlingLoad.COLD_VUSERS;
		this.out.printf(Locale.ROOT, "  [warm-up] %d virtual users for %ds on coupon %d%n", vusers, warmup.toSeconds(),
				warmupCoupon);
		// All of it is warm-up: the measured second that LoadRun needs goes to the same coupon, and is not reported.
		LoadRun run = new LoadRun(baseUrl, vusers, warmupCoupon, warmupCoupon, UserMode.UNIQUE, coldWarmup, warmup,
				Duration.ofSeconds(1), suite.tokens());
		try (CellMonitor monitor = new CellMonitor(run, "  [warm-up]", this.out, suite::components)) {
			GatlingLoad.run(IssueSimulation.class, run, gatlingResults, "sale warm-up", false);
		}
	}

}
