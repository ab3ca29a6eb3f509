package io.coupon.lab.plan;

import java.util.Locale;
import java.util.Map;

/** The text {@code ./coupon plan} prints: Markdown, so that it can be pasted into a report as it is. */
public final class PlanReport {

	private PlanReport() {
	}

	/** Runs what the options ask and returns its text. */
	public static String run(PlanOptions options) {
		MeasuredCosts costs = MeasuredCosts.read(options.from());
		StringBuilder md = new StringBuilder();
		costs(md, costs);
		if (options.targetTps() > 0) {
			plan(md, CapacityPlan.of(costs, options.targetTps(), options.utilisation(), options.unitCpus()));
		}
		else if (options.check() != null) {
			check(md, costs, MeasuredCosts.read(options.check()));
		}
		else {
			Prediction prediction = Prediction.of(costs, options.predictBudgets().byComponent(),
					options.predictReplicas());
			md.append(String.format(Locale.ROOT, "%n## Prediction: %d replicas under `%s`%n%n", options.predictReplicas(),
					options.predictBudgets()));
			capacities(md, prediction);
		}
		return md.toString();
	}

	private static void costs(StringBuilder md, MeasuredCosts costs) {
		md.append("# Capacity from ").append(costs.run()).append("\n\n");
		md.append("Budgets of that run: ")
			.append(costs.budgets().isEmpty() ? "none" : costs.budgets() + (costs.enforced() ? "" : " (NOT enforced)"))
			.append("\n\n| cell | replicas | vusers | TPS | errors | p99 ms |");
		MeasuredCosts.COMPONENTS.forEach((component) -> md.append(' ').append(component).append(" ms |"));
		md.append("\n|---|---|---|---|---|---|");
		MeasuredCosts.COMPONENTS.forEach((component) -> md.append("---|"));
		for (MeasuredCosts.Cell cell : costs.cells()) {
			md.append(String.format(Locale.ROOT, "%n| %d | %d | %d | %,.0f | %,d | %,d |", cell.index(), cell.replicas(),
					cell.vusers(), cell.tps(), cell.errors(), cell.p99Millis()));
			MeasuredCosts.COMPONENTS.forEach((component) -> md.append(' ')
				.append(number(cell.millisPerAnswer().get(component)))
				.append(" |"));
		}
		md.append("\n\nCPU milliseconds per issue request (whatever its answer), each component's processes during "
				+ "each cell's measurement (coupon-api: all replicas together). The plan and the predictions take each "
				+ "component's median over the cells without errors (over all of them when every cell had some).\n");
	}

	private static void plan(StringBuilder md, CapacityPlan plan) {
		md.append(String.format(Locale.ROOT, "%n## %,.0f answers/s, each component at most %.0f%% busy%n%n",
				plan.targetTps(), 100 * plan.utilisation()));
		md.append("| component | ms per answer (median, range) | CPUs needed | CPUs per instance | instances | |\n");
		md.append("|---|---|---|---|---|---|\n");
		for (CapacityPlan.Line line : plan.lines()) {
			md.append(String.format(Locale.ROOT, "| %s | %.3f (%.3f-%.3f) | %.1f | %s | %s | %s |%n", line.component(),
					line.millisPerAnswer().median(), line.millisPerAnswer().min(), line.millisPerAnswer().max(),
					line.cpus(), (line.instances() > 0) ? number(line.unitCpus()) : "-",
					(line.instances() > 0) ? Integer.toString(line.instances()) : "-", line.note()));
		}
		md.append("\nAssumptions: each component's CPU per answer stays what the run measured (the same code, "
				+ "strategy and security mode, a CPU like the run's); the instances of a component share its load "
				+ "evenly, as the gateway's round robin and the topic's partitions do; the network, the disks and "
				+ "the load generator are not limits. The latency at the target is not predicted: the cells above "
				+ "show the p99 the run measured at its own utilisation, and a component at most "
				+ String.format(Locale.ROOT, "%.0f%%", 100 * plan.utilisation())
				+ " busy queues less than one that is saturated.\n");
	}

	private static void check(StringBuilder md, MeasuredCosts costs, MeasuredCosts measured) {
		md.append("\n## Predicted against ").append(measured.run()).append("\n\n");
		if (measured.budgets().isEmpty()) {
			throw new IllegalArgumentException(measured.run() + " ran without CPU budgets: there is nothing to predict");
		}
		md.append("| cell | replicas | vusers | predicted TPS | limited by | measured TPS | error |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		for (MeasuredCosts.Cell cell : measured.cells()) {
			Prediction prediction = Prediction.of(costs, measured.budgets(), cell.replicas());
			md.append(String.format(Locale.ROOT, "| %d | %d | %d | %,.0f | %s | %,.0f | %+.1f%% |%n", cell.index(),
					cell.replicas(), cell.vusers(), prediction.tps(), prediction.limitedBy(), cell.tps(),
					100 * (prediction.tps() - cell.tps()) / cell.tps()));
		}
		md.append("\nerror = (predicted - measured) / measured.\n");
	}

	private static void capacities(StringBuilder md, Prediction prediction) {
		md.append("| component | capacity, answers/s |\n|---|---|\n");
		prediction.capacities()
			.forEach((component, capacity) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", component,
					capacity)));
		md.append(String.format(Locale.ROOT, "%nPredicted: **%,.0f answers/s**, limited by %s. Components without a "
				+ "budget are taken as not limiting.%n", prediction.tps(), prediction.limitedBy()));
	}

	private static String number(Double value) {
		if (value == null) {
			return "-";
		}
		return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
	}

}
