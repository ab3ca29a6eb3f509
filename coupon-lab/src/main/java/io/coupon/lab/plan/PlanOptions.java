package io.coupon.lab.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.coupon.lab.cpu.CpuBudgets;

/**
 * What {@code ./coupon plan} was asked: the run whose costs it uses, and a target to size for, a configuration to
 * predict, or a run to check the predictions against.
 *
 * @param from the results folder of the measured run
 * @param targetTps the throughput to size for, or 0
 * @param utilisation the share of its CPUs a component may use at the target
 * @param unitCpus the CPUs of one instance, by component
 * @param predictBudgets the budgets of a configuration to predict (with {@code predictReplicas}), or empty
 * @param predictReplicas its coupon-api replicas, or 0
 * @param check the results folder of a run whose cells to predict and compare, or null
 */
public record PlanOptions(Path from, double targetTps, double utilisation, Map<String, Double> unitCpus,
		CpuBudgets predictBudgets, int predictReplicas, Path check) {

	public static final String USAGE = """
			plan [--from results/<run>] --tps 30000 [--utilisation 0.7] [--unit-cpus coupon-api=1,gateway=2]
			plan [--from results/<run>] --cpus <budgets> --replicas N
			plan [--from results/<run>] --check results/<other run>
			    From the CPU each answered request cost every component in a measured experiment run (its
			    results.json; the newest run by default): how many replicas, gateways and workers, and how many
			    CPUs of Kafka, Redis and MariaDB a target throughput needs with each component at most at
			    --utilisation of its CPUs (instances of --unit-cpus CPUs, 1 by default); or the throughput a budgeted
			    configuration should reach, and which component limits it; or, for each cell of another run, the
			    prediction beside what it measured, and the error.""";

	public static PlanOptions parse(List<String> args, Path resultsDir) {
		Path from = null;
		double tps = 0;
		double utilisation = 0.7;
		Map<String, Double> unitCpus = Map.of();
		CpuBudgets budgets = CpuBudgets.none();
		int replicas = 0;
		Path check = null;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			String value = (i + 1 < args.size()) ? args.get(i + 1) : null;
			if (value == null) {
				throw new IllegalArgumentException("Missing value for " + arg);
			}
			switch (arg) {
				case "--from" -> from = Path.of(value);
				case "--tps" -> tps = positive(arg, value);
				case "--utilisation" -> utilisation = positive(arg, value);
				case "--unit-cpus" -> unitCpus = CpuBudgets.parse(value).byComponent();
				case "--cpus" -> budgets = CpuBudgets.parse(value);
				case "--replicas" -> replicas = replicaCount(value);
				case "--check" -> check = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option for plan: " + arg);
			}
			i++;
		}
		boolean predicting = !budgets.isEmpty() || replicas > 0;
		int asked = ((tps > 0) ? 1 : 0) + (predicting ? 1 : 0) + ((check != null) ? 1 : 0);
		if (asked != 1) {
			throw new IllegalArgumentException("plan needs exactly one of --tps, --cpus with --replicas, or --check");
		}
		if (predicting && (budgets.isEmpty() || replicas == 0)) {
			throw new IllegalArgumentException("A prediction needs both --cpus and --replicas");
		}
		if (utilisation > 1) {
			throw new IllegalArgumentException("--utilisation must be at most 1: " + utilisation);
		}
		return new PlanOptions((from != null) ? from : newestRun(resultsDir), tps, utilisation, unitCpus, budgets,
				replicas, check);
	}

	private static int replicaCount(String value) {
		try {
			int replicas = Integer.parseInt(value);
			if (replicas >= 1) {
				return replicas;
			}
		}
		catch (NumberFormatException ex) {
			// Said below.
		}
		throw new IllegalArgumentException("--replicas takes a whole number of at least 1: " + value);
	}

	private static double positive(String flag, String value) {
		double number;
		try {
			number = Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(flag + " takes a number: " + value);
		}
		if (!(number > 0) || Double.isInfinite(number)) {
			throw new IllegalArgumentException(flag + " must be positive: " + value);
		}
		return number;
	}

	/** The newest experiment run in the results folder (named by its start, as a sale's or a chaos run's is not). */
	static Path newestRun(Path resultsDir) {
		if (!Files.isDirectory(resultsDir)) {
			throw new IllegalArgumentException("No " + resultsDir + " yet: run ./coupon experiment first, or give --from");
		}
		try (Stream<Path> runs = Files.list(resultsDir)) {
			return runs.filter((run) -> run.getFileName().toString().matches("[0-9]{8}-[0-9]{6}"))
				.filter((run) -> Files.isRegularFile(run.resolve("results.json")))
				.max(Comparator.comparing((Path run) -> run.getFileName().toString()))
				.orElseThrow(() -> new IllegalArgumentException("No experiment run with a results.json in " + resultsDir
						+ ": run ./coupon experiment first, or give --from"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list " + resultsDir, ex);
		}
	}

}
