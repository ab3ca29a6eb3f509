package io.coupon.lab.cpu;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The markdown that states a suite's CPU budgets and, for each measured span (an experiment's cell, a chaos run),
 * how often and how long the kernel throttled each budgeted component, and which one was throttled most: the
 * component whose budget limited the run.
 */
public final class ThrottlingReport {

	private ThrottlingReport() {
	}

	/** One measured span: its label (a cell's number) and each component's throttling during it. */
	public record Span(String label, Map<String, Throttling> throttling) {

	}

	/** The component throttled in the largest share of its periods, if any was throttled at all. */
	public static Optional<String> mostThrottled(Map<String, Throttling> throttling) {
		return throttling.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().throttledPeriods() > 0)
			.max(Comparator.comparingDouble((Map.Entry<String, Throttling> entry) -> entry.getValue().throttledShare()))
			.map(Map.Entry::getKey);
	}

	/** Appends a {@code ## CPU budgets} section; nothing when the suite had no budget. */
	public static void append(StringBuilder md, SuiteCpuBudgets budgets, List<Span> spans) {
		if (budgets.budgets().isEmpty()) {
			return;
		}
		md.append("\n## CPU budgets\n\n");
		md.append("Budgets: `").append(budgets.describe()).append("`. A budget holds each component's whole process ")
			.append("tree (for Redis, MariaDB and Kafka: the lab's InfraMain wrapper and the server it starts); ")
			.append("`coupon-api` is per replica.\n\n");
		if (!budgets.enforced()) {
			md.append("**The budgets were not enforced**: every component could use every core, and there is no "
					+ "throttling to report.\n");
			return;
		}
		md.append("Throttling during the measurement, from each group's `cpu.stat`: *throttled* periods ended with ")
			.append("the quota spent (the processes then waited for the next ")
			.append(CpuController.PERIOD_MICROS / 1000)
			.append(" ms period), out of the periods in which the component had work; *waited* is the time its ")
			.append("processes spent throttled (summed over the CPUs they waited for). The most throttled component ")
			.append("is the one its budget limited most.\n\n");
		md.append("| # | component | budget CPUs | throttled periods | of periods | share | waited s |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		for (Span span : spans) {
			span.throttling().forEach((component, counts) -> md.append(String.format(Locale.ROOT,
					"| %s | %s | %s | %,d | %,d | %.0f%% | %.2f |%n", span.label(), component,
					budgets.budgets().forComponent(component).map(CpuBudgets::format).orElse("-"),
					counts.throttledPeriods(), counts.periods(), 100 * counts.throttledShare(),
					counts.throttledTime().toNanos() / 1e9)));
		}
		md.append("\n| # | most throttled |\n|---|---|\n");
		for (Span span : spans) {
			String most = mostThrottled(span.throttling()).map((component) -> String.format(Locale.ROOT,
					"%s (throttled in %.0f%% of its periods)", component,
					100 * span.throttling().get(component).throttledShare()))
				.orElse("none was throttled");
			md.append("| ").append(span.label()).append(" | ").append(most).append(" |\n");
		}
	}

	/** The counts between two readings of {@link SuiteCpuBudgets#throttling()}, for the groups in {@code after}. */
	public static Map<String, Throttling> between(Map<String, Throttling> before, Map<String, Throttling> after) {
		Map<String, Throttling> spent = new java.util.LinkedHashMap<>();
		after.forEach((component, counts) -> spent.put(component,
				counts.since(before.getOrDefault(component, Throttling.ZERO))));
		return spent;
	}

}
