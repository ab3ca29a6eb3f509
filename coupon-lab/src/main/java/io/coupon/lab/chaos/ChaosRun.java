package io.coupon.lab.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.coupon.lab.Pauses;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.cpu.CpuBudgetFlags;
import io.coupon.lab.cpu.Throttling;
import io.coupon.lab.cpu.ThrottlingReport;
import io.coupon.lab.experiment.ExperimentOptions;
import io.coupon.lab.experiment.SuiteClient;

/**
 * One fault run: a paced load through the gateway, the fault injected into a real process of the suite and healed,
 * the worker given time to catch up, then the invariant checker and the fault's own claims.
 */
public final class ChaosRun {

	/** The worker may have a database outage's worth of events to write once the load ends. */
	static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);

	/** Rows that stopped growing for this long, with every confirmed user written, will not grow any more. */
	static final Duration DRAIN_STABLE = Duration.ofSeconds(5);

	/** coupon-api's default coupon.issue.lock-lease. */
	static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(30);

	/** How long the load goes on, at least, once the fault is healed. */
	static final Duration SETTLE = Duration.ofSeconds(10);

	/** What LockIssueStrategy logs when it wakes to find that its lock expired while it held it. */
	static final String LOCK_EXPIRED = "expired before unlock";

	/** The API's largest quantity: the warm-up never sells out. */
	static final long WARMUP_STOCK = 100_000_000;

	private final ChaosOptions options;

	private final Path resultsDir;

	private final PrintStream out;

	private CpuBudgetFlags cpuBudgets = CpuBudgetFlags.take(List.of());

	/** The CPU budgets of a suite {@link #run(SuiteOptions)} starts for the fault. */
	public ChaosRun withCpuBudgets(CpuBudgetFlags cpuBudgets) {
		this.cpuBudgets = cpuBudgets;
		return this;
	}

	public ChaosRun(ChaosOptions options, Path resultsDir, PrintStream out) {
		this.options = options;
		this.resultsDir = resultsDir;
		this.out = out;
	}

	/**
	 * Runs the fault on the suite {@code ./coupon up} started, if one runs (it keeps running afterwards), or else on
	 * a suite started for the fault and stopped afterwards; returns the written report.
	 */
	public ChaosReport run(SuiteOptions suiteOptions) {
		Optional<RunningSuite> running = Suite.attach(suiteOptions);
		if (running.isPresent()) {
			if (!this.cpuBudgets.budgets().isEmpty()) {
				throw new IllegalStateException("--cpus applies to a suite this run starts, and ./coupon up's suite runs: "
						+ "its budgets are the ones up was given (./coupon down, then ./coupon up --cpus ...)");
			}
			this.out.println("Using the suite started by ./coupon up (" + running.get().options().replicas()
					+ " replicas, strategy " + running.get().options().strategy() + "); it keeps running afterwards");
			return new ChaosRun(fitFor(running.get()), this.resultsDir, this.out).runOn(running.get());
		}
		SuiteOptions shaped = suiteOptions.withReplicas(this.options.replicas())
			.withEnv("COUPON_ISSUE_LOCK_LEASE", this.options.lockLease().toMillis() + "ms");
		if (this.options.fault() == Fault.LOCK_PAUSE) {
			shaped = shaped.withStrategy("lock");
		}
		try (RunningSuite suite = Suite.start(shaped, this.cpuBudgets.forSuite(shaped.stateDir()))) {
			return runOn(suite);
		}
	}

	/**
	 * Runs the fault on a running suite and returns the written report. A suite this JVM started is first scaled to
	 * the options' replica count and, for the lock-pause fault, switched to the lock strategy. Every component is
	 * running again afterwards.
	 */
	public ChaosReport runOn(RunningSuite suite) {
		this.out.printf("Chaos: %s (%s): %s%n", this.options.fault().id(), this.options.fault().requirement(),
				this.options.fault().description());
		if (!suite.isAttached()) {
			suite.scaleApiReplicas(this.options.replicas());
			if (this.options.fault() == Fault.LOCK_PAUSE && !suite.options().strategy().contains("lock")) {
				suite.restartApiReplicas("lock");
			}
		}
		Map<String, Throttling> throttlingBefore = suite.cpuBudgets().throttling();
		ChaosReport report = (this.options.fault() == Fault.BAD_INPUT) ? badInputs(suite) : underLoad(suite);
		report.write(this.resultsDir);
		appendCpuBudgets(suite, ThrottlingReport.between(throttlingBefore, suite.cpuBudgets().throttling()));
		this.out.print(report.terminalSummary());
		this.out.println("Report: " + this.resultsDir.resolve(ChaosReport.REPORT_FILE));
		return report;
	}

	/** Adds the budgets and the run's throttling to the written report, when the suite has budgets. */
	private void appendCpuBudgets(RunningSuite suite, Map<String, Throttling> throttling) {
		StringBuilder md = new StringBuilder();
		ThrottlingReport.append(md, suite.cpuBudgets(), List.of(new ThrottlingReport.Span("run", throttling)));
		if (md.isEmpty()) {
			return;
		}
		Path file = this.resultsDir.resolve(ChaosReport.REPORT_FILE);
		try {
			Files.writeString(file, md.toString(), StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not add the CPU budgets to " + file, ex);
		}
		this.out.println("CPU budgets: " + suite.cpuBudgets().describe());
		ThrottlingReport.mostThrottled(throttling)
			.ifPresent((component) -> this.out.printf("  most throttled: %s (%,d of %,d periods)%n", component,
					throttling.get(component).throttledPeriods(), throttling.get(component).periods()));
	}

	/**
	 * The options for a suite this JVM did not start and cannot reshape: it must already have what the fault needs,
	 * and a frozen lock holder must outlast the lease the replicas run with (30 s unless COUPON_ISSUE_LOCK_LEASE was
	 * set for ./coupon up, and is set here too).
	 */
	private ChaosOptions fitFor(RunningSuite suite) {
		Fault fault = this.options.fault();
		if (fault == Fault.REPLICA && suite.options().replicas() < 2) {
			throw new IllegalStateException("The replica fault needs at least 2 coupon-api replicas and the running "
					+ "suite has 1: ./coupon down, then ./coupon up --replicas 3");
		}
		if (fault == Fault.LOCK_PAUSE && !suite.options().strategy().contains("lock")) {
			throw new IllegalStateException("The lock-pause fault needs a lock strategy and the running suite uses "
					+ suite.options().strategy() + ": ./coupon down, then ./coupon up --strategy lock");
		}
		if (fault != Fault.LOCK_PAUSE) {
			return this.options;
		}
		String configured = System.getenv("COUPON_ISSUE_LOCK_LEASE");
		Duration lease = (configured != null) ? ExperimentOptions.duration("COUPON_ISSUE_LOCK_LEASE", configured)
				: DEFAULT_LOCK_LEASE;
		ChaosOptions fitted = this.options.forLease(lease);
		this.out.printf("  the running replicas' lock lease is %ds: the holder stays frozen %ds%n", lease.toSeconds(),
				fitted.downtime().toSeconds());
		return fitted;
	}

	private ChaosReport badInputs(RunningSuite suite) {
		BadInputs.Result result = new BadInputs(suite).run();
		return ChaosReport.forBadInputs(this.options, result);
	}

	private ChaosReport underLoad(RunningSuite suite) {
		SuiteClient client = new SuiteClient(suite);
		if (!this.options.warmup().isZero()) {
			long warmupCoupon = client.createCoupon("chaos warm-up", WARMUP_STOCK);
			this.out.printf("  warming up for %ds at %d requests/s%n", this.options.warmup().toSeconds(),
					this.options.rate());
			new SteadyLoad(suite.gatewayUrl(), suite.tokens(), warmupCoupon, this.options.rate(), this.options.concurrency(),
					this.options.requestTimeout(), 1)
				.run(this.options.warmup(), (start) -> {
				});
		}
		DeadLetterProbe deadLetters = new DeadLetterProbe(suite.kafkaBootstrapServers());
		long deadLettersBefore = (this.options.fault() == Fault.MYSQL) ? deadLetters.deadLetterCount() : 0;
		long coupon = client.createCoupon("chaos " + this.options.fault().id(), this.options.stock());
		Path frozenLog = (this.options.fault() == Fault.LOCK_PAUSE) ? suite.logFile(target(suite, Fault.LOCK_PAUSE))
				: null;
		long expiredBefore = (frozenLog != null) ? linesContaining(frozenLog, LOCK_EXPIRED) : 0;
		SteadyLoad load = new SteadyLoad(suite.gatewayUrl(), suite.tokens(), coupon, this.options.rate(), this.options.concurrency(),
				this.options.requestTimeout(), 1);
		List<ChaosReport.Event> events = new CopyOnWriteArrayList<>();
		AtomicReference<Thread> injector = new AtomicReference<>();
		AtomicReference<RuntimeException> injectionFailure = new AtomicReference<>();
		this.out.printf("  loading coupon %d (stock %,d) at %d requests/s for %ds; the fault hits at %ds%n", coupon,
				this.options.stock(), this.options.rate(), this.options.duration().toSeconds(),
				this.options.faultAt().toSeconds());
		List<SteadyLoad.Answer> answers;
		try (LoadProgress progress = new LoadProgress(load, this.out)) {
			answers = load.run(this.options.duration(), (start) -> {
				progress.start();
				if (this.options.fault() == Fault.MANUAL) {
					return;
				}
				// However long the heal takes, the load goes on long enough to show the suite serving again.
				load.holdOpen();
				injector.set(Thread.ofVirtual().name("chaos-injector").start(() -> {
					try {
						inject(suite, coupon, start, events);
					}
					catch (RuntimeException ex) {
						injectionFailure.set(ex);
					}
					finally {
						load.finishNoEarlierThan(System.nanoTime() + SETTLE.toNanos());
					}
				}));
			});
		}
		join(injector.get());
		healEverything(suite, load.startNanos(), events);
		if (injectionFailure.get() != null) {
			throw new IllegalStateException("The fault could not be injected or healed: "
					+ injectionFailure.get().getMessage(), injectionFailure.get());
		}
		long loadEnded = System.nanoTime();
		this.out.println("  load done; waiting for the worker to write every confirmed issuance");
		double drainSeconds = awaitDrain(client, coupon, answers, loadEnded);
		if (frozenLog != null) {
			// Read once the load is over, not at SIGCONT: the thawed replica logs what it found a moment later.
			long expired = linesContaining(frozenLog, LOCK_EXPIRED) - expiredBefore;
			events.add(ChaosReport.Event.now(ChaosReport.Event.OBSERVED, target(suite, Fault.LOCK_PAUSE)
					+ " logged that its lock expired before its unlock " + expired + " time(s)", load.startNanos()));
		}
		List<Long> rows = client.rowUserIds(coupon);
		InvariantChecker.Verdict verdict = InvariantChecker.check(this.options.stock(), ChaosReport.requests(answers),
				rows);
		List<ChaosReport.Claim> claims = new ArrayList<>(
				Claims.of(this.options.fault(), answers, load.startNanos(), events, verdict));
		if (this.options.fault() == Fault.MYSQL) {
			long deadLettersAfter = deadLetters.deadLetterCount();
			claims.add(new ChaosReport.Claim("no event reached the dead-letter topic during the outage",
					deadLettersAfter == deadLettersBefore,
					(deadLettersAfter - deadLettersBefore) + " new dead letters"));
			Optional<String> deadLetter = deadLetters.sendMalformedAndAwaitDeadLetter(Duration.ofSeconds(30));
			claims.add(new ChaosReport.Claim("a malformed record reaches the dead-letter topic with its headers",
					deadLetter.isPresent(), deadLetter.orElse("not on the dead-letter topic within 30 s")));
		}
		return new ChaosReport(this.options, coupon, load.startNanos(), answers, events, verdict, drainSeconds, claims,
				null);
	}

	/** Waits for the fault's moment, breaks the component, waits out the downtime, and heals it. */
	private void inject(RunningSuite suite, long coupon, long startNanos, List<ChaosReport.Event> events) {
		Fault fault = this.options.fault();
		String component = target(suite, fault);
		pauseUntil(startNanos + this.options.faultAt().toNanos());
		// Each event is stamped when the action starts: answers that fail while a kill is under way belong after it.
		long injectedAt = System.nanoTime();
		String what = "kill -9 " + component;
		if (fault == Fault.LOCK_PAUSE) {
			int attempt = new LockHolderFreeze(suite, component, coupon, this.options.lockLease()).freeze();
			injectedAt = System.nanoTime();
			what = "SIGSTOP " + component + ((attempt > 0) ? Claims.HOLDING_THE_LOCK + " (caught at freeze " + attempt
					+ ")" : " (not seen holding the lock in " + LockHolderFreeze.MAX_ATTEMPTS + " freezes)");
		}
		else {
			suite.kill(component);
		}
		events.add(new ChaosReport.Event(ChaosReport.Event.INJECTED, what, injectedAt, startNanos));
		this.out.printf("  %s: %s%n", seconds(injectedAt - startNanos), events.getLast().what());
		pauseUntil(injectedAt + this.options.downtime().toNanos());
		long healingAt = System.nanoTime();
		events.add(new ChaosReport.Event(ChaosReport.Event.HEALING,
				(fault == Fault.LOCK_PAUSE ? "SIGCONT " : "restarting ") + component, healingAt, startNanos));
		this.out.printf("  %s: %s%n", seconds(healingAt - startNanos), events.getLast().what());
		if (fault == Fault.LOCK_PAUSE) {
			suite.resume(component);
		}
		else {
			suite.restart(component);
		}
		events.add(ChaosReport.Event.now(ChaosReport.Event.HEALED, component + " is back", startNanos));
		this.out.printf("  %s: %s%n", seconds(System.nanoTime() - startNanos), events.getLast().what());
	}

	private static String target(RunningSuite suite, Fault fault) {
		return switch (fault) {
			case KAFKA -> "kafka";
			case REDIS -> "redis";
			case MYSQL -> "mariadb";
			case WORKER -> "coupon-worker";
			case REPLICA -> "coupon-api-" + suite.options().replicas();
			case LOCK_PAUSE -> "coupon-api-1";
			case BAD_INPUT, MANUAL -> throw new IllegalArgumentException(fault.id() + " breaks no component");
		};
	}

	/**
	 * Thaws every process and starts again any that is down, in start order (infrastructure first): whatever was done
	 * by hand during a manual run, the suite is whole before the worker is waited for.
	 */
	private void healEverything(RunningSuite suite, long startNanos, List<ChaosReport.Event> events) {
		for (String component : suite.componentNames()) {
			if (suite.isAlive(component)) {
				suite.resume(component);
			}
			else {
				this.out.printf("  %s is down: restarting it%n", component);
				suite.restart(component);
				events.add(ChaosReport.Event.now(ChaosReport.Event.HEALED, component + " restarted after the load",
						startNanos));
			}
		}
	}

	/**
	 * Waits until MySQL holds a row for every user confirmed by a success and the row count has been stable for
	 * {@link #DRAIN_STABLE} (indeterminate answers may still add rows); returns the seconds it took, or -1 when
	 * {@link #DRAIN_TIMEOUT} passed first.
	 */
	private double awaitDrain(SuiteClient client, long coupon, List<SteadyLoad.Answer> answers, long loadEnded) {
		long confirmed = answers.stream()
			.filter((answer) -> answer.status() >= 200 && answer.status() < 300)
			.mapToLong(SteadyLoad.Answer::userId)
			.distinct()
			.count();
		long deadline = loadEnded + DRAIN_TIMEOUT.toNanos();
		long rows = -1;
		long rowsChangedAt = System.nanoTime();
		long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			long now = client.rowCount(coupon);
			if (now != rows) {
				rows = now;
				rowsChangedAt = System.nanoTime();
			}
			else if (rows >= confirmed && System.nanoTime() - rowsChangedAt > DRAIN_STABLE.toNanos()) {
				return (rowsChangedAt - loadEnded) / 1e9;
			}
			if (System.nanoTime() > nextReport) {
				this.out.printf("  waiting for the worker: %,d rows, %,d users confirmed%n", rows, confirmed);
				nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			}
			Pauses.pause(Duration.ofMillis(200));
		}
		return -1;
	}

	/** Lines of a log that contain {@code text}; 0 if the log cannot be read. */
	static long linesContaining(Path log, String text) {
		try (Stream<String> lines = Files.lines(log)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException | UncheckedIOException ex) {
			return 0;
		}
	}

	private static void pauseUntil(long nanos) {
		long wait = nanos - System.nanoTime();
		if (wait > 0) {
			Pauses.pause(Duration.ofNanos(wait));
		}
	}

	private static void join(Thread thread) {
		if (thread == null) {
			return;
		}
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the fault was being healed", ex);
		}
	}

	static String seconds(long nanos) {
		return String.format("t=%.1fs", nanos / 1e9);
	}

	/** A line every 5 s while the load runs: answers and errors so far, and what the fault did. */
	private static final class LoadProgress implements AutoCloseable {

		private final SteadyLoad load;

		private final PrintStream out;

		private Thread thread;

		LoadProgress(SteadyLoad load, PrintStream out) {
			this.load = load;
			this.out = out;
		}

		void start() {
			this.thread = Thread.ofPlatform().daemon().name("chaos-progress").start(() -> {
				long previousAnswered = 0;
				long previousErrors = 0;
				while (!Thread.currentThread().isInterrupted()) {
					try {
						Thread.sleep(Duration.ofSeconds(5));
					}
					catch (InterruptedException ex) {
						return;
					}
					long answered = this.load.answered();
					long errors = this.load.errors();
					this.out.printf("  %s: %,d answered (%,d/s), %,d errors (+%,d in the last 5 s)%n",
							seconds(System.nanoTime() - this.load.startNanos()), answered,
							(answered - previousAnswered) / 5, errors, errors - previousErrors);
					previousAnswered = answered;
					previousErrors = errors;
				}
			});
		}

		@Override
		public void close() {
			if (this.thread != null) {
				this.thread.interrupt();
			}
		}

	}

}
