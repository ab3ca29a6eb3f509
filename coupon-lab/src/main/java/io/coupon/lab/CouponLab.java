package io.coupon.lab;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.coupon.lab.bench.BenchOptions;
import io.coupon.lab.bench.GatewayBench;
import io.coupon.lab.chaos.ChaosOptions;
import io.coupon.lab.chaos.ChaosReport;
import io.coupon.lab.chaos.ChaosRun;
import io.coupon.lab.cpu.CpuBudgetFlags;
import io.coupon.lab.plan.PlanOptions;
import io.coupon.lab.plan.PlanReport;
import io.coupon.lab.experiment.Experiment;
import io.coupon.lab.experiment.ExperimentOptions;
import io.coupon.lab.experiment.ExperimentReport;
import io.coupon.lab.experiment.ReadCellResult;
import io.coupon.lab.experiment.SaleExperiment;
import io.coupon.lab.experiment.SaleOptions;
import io.coupon.lab.experiment.SaleReport;

/**
 * The command line behind {@code ./coupon}: {@code up}, {@code status}, {@code down}, {@code experiment},
 * {@code demo}, {@code chaos}, {@code help}.
 */
public final class CouponLab {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	static final int NOT_ALL_UP = 3;

	private static final DateTimeFormatter RESULTS_FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private CouponLab() {
	}

	public static void main(String[] args) {
		int status = run(Arrays.asList(args), System.getenv(), SuiteOptions.defaults(), System.out, System.err);
		System.exit(status);
	}

	static int run(List<String> args, Map<String, String> env, SuiteOptions defaults, PrintStream out,
			PrintStream err) {
		String command = args.isEmpty() ? "help" : args.getFirst();
		List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
		try {
			return switch (command) {
				case "help", "-h", "--help" -> help(out);
				case "up" -> up(rest, env, defaults, out, err);
				case "status" -> status(rest, defaults.stateDir(), out, err);
				case "down" -> down(rest, defaults.stateDir(), out, err);
				case "experiment" -> experiment(CpuBudgetFlags.take(rest), ExperimentOptions.defaults(), defaults, out,
						err);
				case "demo" -> experiment(CpuBudgetFlags.take(rest), ExperimentOptions.demo(), defaults, out, err);
				case "chaos" -> chaos(CpuBudgetFlags.take(rest), defaults, out, err);
				case "bench" -> bench(rest, defaults, out, err);
				case "token" -> token(rest, defaults.stateDir(), out, err);
				case "train" -> train(rest, defaults, out, err);
				case "plan" -> plan(rest, defaults, out);
				default -> {
					err.println("Unknown command: " + command);
					help(err);
					yield USAGE;
				}
			};
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println("See ./coupon help");
			return USAGE;
		}
	}

	static int help(PrintStream out) {
		out.println("""
				Usage: ./coupon <command> [options]

				Commands:
				%s
				%s
				%s
				%s
				%s
				  status
				      One line per component (address, pid, health) and the logs folder.
				      Exits 0 when everything is UP, 3 otherwise.
				  down
				      Stop every process recorded by up (and their children), then forget them. Idempotent.
				%s
				%s
				  token [--user <id> | --admin]
				      Print a bearer token the running suite's gateway accepts: user 1's by default, another user's,
				      or one with the admin scope (creating coupons). For example:
				        curl -X POST -H "Authorization: Bearer $(./coupon token --user 42)" \\
				             http://127.0.0.1:8080/api/v1/coupons/1/issue
				  help
				      This text.

				State, logs and data live in .coupon/ next to this script."""
			.formatted(CliArguments.UP_USAGE.indent(2).stripTrailing(),
					(ExperimentOptions.USAGE + "\n" + SaleOptions.USAGE).indent(2).stripTrailing(), ChaosOptions.USAGE.indent(2).stripTrailing(),
					BenchOptions.USAGE.indent(2).stripTrailing(), CpuBudgetFlags.USAGE.indent(2).stripTrailing(),
					AotTraining.USAGE.indent(2).stripTrailing(), PlanOptions.USAGE.indent(2).stripTrailing()));
		return OK;
	}

	private static int plan(List<String> args, SuiteOptions defaults, PrintStream out) {
		out.print(PlanReport.run(PlanOptions.parse(args, defaults.projectDir().resolve("results"))));
		return OK;
	}

	private static int up(List<String> args, Map<String, String> env, SuiteOptions defaults, PrintStream out,
			PrintStream err) {
		CpuBudgetFlags cpus = CpuBudgetFlags.take(args);
		SuiteOptions options = CliArguments.parseUp(cpus.rest(), env, budgeted(defaults, cpus))
			.withProgress(out::println);
		RunningSuite suite;
		try {
			suite = Suite.start(options, cpus.forSuite(options.stateDir()));
		}
		catch (SuiteStartException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		catch (IllegalStateException ex) {
			err.println(ex.getMessage());
			return FAILED;
		}
		// From here on the processes belong to the state file, not to this JVM.
		suite.detach();
		out.println();
		if (!options.infrastructureOnly()) {
			out.println("The suite is up: " + suite.gatewayUrl() + " (try: curl -s -H \"Authorization: Bearer "
					+ "$(./coupon token --admin)\" " + suite.gatewayUrl() + RunningSuite.INSTANCE_PATH
					+ " -D - -o /dev/null)");
		}
		else {
			out.println("The infrastructure is up: " + suite.redisUrl() + ", " + suite.jdbcUrl() + ", "
					+ suite.kafkaBootstrapServers());
		}
		out.println("Logs: " + suite.logsDir() + "    Stop: ./coupon down");
		return OK;
	}

	private static int train(List<String> args, SuiteOptions defaults, PrintStream out, PrintStream err) {
		Duration load = AotTraining.parseLoad(args);
		try {
			List<String> trained = new AotTraining(defaults.withProgress(out::println), load).run();
			out.println("AOT caches written for " + trained + " in " + defaults.stateDir().resolve("aot"));
			return (trained.size() == AotTraining.MODULES.size()) ? OK : FAILED;
		}
		catch (SuiteStartException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		catch (IllegalStateException ex) {
			err.println(ex.getMessage());
			return FAILED;
		}
	}

	private static int experiment(CpuBudgetFlags cpus, ExperimentOptions base, SuiteOptions defaults,
			PrintStream out, PrintStream err) {
		if (SaleOptions.requested(cpus.rest())) {
			return sale(cpus, SaleOptions.parse(cpus.rest()), defaults, out, err);
		}
		ExperimentOptions options = ExperimentOptions.parse(cpus.rest(), base);
		Path resultsDir = defaults.projectDir()
			.resolve("results")
			.resolve(RESULTS_FOLDER.format(LocalDateTime.now()));
		ExperimentReport report;
		try {
			report = new Experiment(options, resultsDir, out).withCpuBudgets(cpus)
				.run(budgeted(defaults, cpus).withProgress(out::println));
		}
		catch (SuiteStartException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		catch (IllegalStateException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		out.print(report.terminalTable());
		out.println();
		out.println("Report: " + report.reportFile());
		// The origin's set-incr strategy is run to show its violations; any other strategy must pass.
		boolean safeStrategiesPassed = report.cells()
			.stream()
			.filter((cell) -> !cell.cell().strategy().equals("set-incr"))
			.allMatch((cell) -> cell.verdict().passed());
		if (!safeStrategiesPassed) {
			err.println("FAILED: the invariant checker found violations; see the report's invariant table.");
			return FAILED;
		}
		// Reads must change nothing and agree with MySQL whatever the strategy that issued the seed.
		if (!report.readCells().stream().allMatch(ReadCellResult::passed)) {
			err.println("FAILED: the read checker found a read-status cell that changed or contradicted MySQL; see the "
					+ "report's read-status check table.");
			return FAILED;
		}
		return OK;
	}

	private static int sale(CpuBudgetFlags cpus, SaleOptions options, SuiteOptions defaults, PrintStream out,
			PrintStream err) {
		Path resultsDir = defaults.projectDir()
			.resolve("results")
			.resolve(RESULTS_FOLDER.format(LocalDateTime.now()) + "-" + options.shape().label());
		SaleReport report;
		try {
			report = new SaleExperiment(options, resultsDir, out).withCpuBudgets(cpus)
				.run(budgeted(defaults, cpus).withProgress(out::println));
		}
		catch (SuiteStartException | IllegalStateException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		out.println("Report: " + report.reportFile());
		if (!report.passed()) {
			err.println("FAILED: the invariant checker found violations; see the report's invariant table.");
			return FAILED;
		}
		return OK;
	}

	private static int chaos(CpuBudgetFlags cpus, SuiteOptions defaults, PrintStream out, PrintStream err) {
		ChaosOptions options = ChaosOptions.parse(cpus.rest());
		Path resultsDir = defaults.projectDir()
			.resolve("results")
			.resolve(RESULTS_FOLDER.format(LocalDateTime.now()) + "-chaos-" + options.fault().id());
		ChaosReport report;
		try {
			report = new ChaosRun(options, resultsDir, out).withCpuBudgets(cpus)
				.run(budgeted(defaults, cpus).withProgress(out::println));
		}
		catch (SuiteStartException | IllegalStateException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
		catch (RuntimeException ex) {
			// A Kafka or JDBC client failing while the fault run reads the suite: say what, not a bare stack trace.
			err.println("FAILED: " + ex);
			return FAILED;
		}
		if (!report.passed()) {
			err.println("FAILED: a claim of the " + options.fault().id() + " fault did not hold; see " + resultsDir);
			return FAILED;
		}
		return OK;
	}

	private static int bench(List<String> args, SuiteOptions defaults, PrintStream out, PrintStream err) {
		if (args.isEmpty() || !args.getFirst().equals("gateway")) {
			throw new IllegalArgumentException("bench takes what to measure: ./coupon bench gateway [options]");
		}
		BenchOptions options = BenchOptions.parse(args.subList(1, args.size()));
		Path resultsDir = defaults.projectDir()
			.resolve("results")
			.resolve(RESULTS_FOLDER.format(LocalDateTime.now()) + "-bench-gateway");
		try {
			String table = new GatewayBench(options, resultsDir, out).run(defaults.withProgress(out::println));
			out.println();
			out.print(table);
			out.println();
			out.println("Report: " + resultsDir.resolve("report.md"));
			return OK;
		}
		catch (SuiteStartException | IllegalStateException ex) {
			err.println("FAILED: " + ex.getMessage());
			return FAILED;
		}
	}

	/** Gives budgeted components the time a slower start needs. */
	private static SuiteOptions budgeted(SuiteOptions defaults, CpuBudgetFlags cpus) {
		return defaults.withStartupTimeout(cpus.budgets().startupTimeout(defaults.startupTimeout()));
	}

	private static int status(List<String> args, Path stateDir, PrintStream out, PrintStream err) {
		noArguments("status", args);
		SuiteStatus status = Suite.status(stateDir);
		if (!status.recorded()) {
			out.println("No suite is running (no state in " + stateDir.resolve("run") + ")");
			out.println("logs: " + status.logsDir());
			return NOT_ALL_UP;
		}
		out.println(String.format("%-18s %-44s %-9s %s", "COMPONENT", "ADDRESS", "PID", "HEALTH"));
		for (ComponentStatus component : status.components()) {
			out.println(String.format("%-18s %-44s %-9s %s", component.name(), component.address(),
					(component.pid() != null) ? component.pid() : "-", component.health()));
		}
		out.println("logs: " + status.logsDir());
		return status.allUp() ? OK : NOT_ALL_UP;
	}

	private static int token(List<String> args, Path stateDir, PrintStream out, PrintStream err) {
		Optional<LabSecrets> secrets = new StateStore(stateDir).readSecrets();
		if (secrets.isEmpty()) {
			err.println("No suite is running (no secrets in " + stateDir.resolve("run") + "): start one with ./coupon up");
			return FAILED;
		}
		TokenMinter tokens = secrets.get().tokens();
		if (args.isEmpty()) {
			out.println(tokens.user(1));
			return OK;
		}
		if (args.equals(List.of("--admin"))) {
			out.println(tokens.admin());
			return OK;
		}
		if (args.size() == 2 && args.getFirst().equals("--user")) {
			try {
				out.println(tokens.user(Long.parseLong(args.get(1))));
				return OK;
			}
			catch (NumberFormatException ex) {
				// Answered below as a usage error.
			}
		}
		err.println("Usage: ./coupon token [--user <id> | --admin]");
		return USAGE;
	}

	private static int down(List<String> args, Path stateDir, PrintStream out, PrintStream err) {
		noArguments("down", args);
		try {
			Suite.down(stateDir, out::println);
			return OK;
		}
		catch (IllegalStateException ex) {
			err.println(ex.getMessage());
			return FAILED;
		}
	}

	private static void noArguments(String command, List<String> args) {
		if (!args.isEmpty()) {
			throw new IllegalArgumentException(command + " takes no options, got " + String.join(" ", args));
		}
	}

}
