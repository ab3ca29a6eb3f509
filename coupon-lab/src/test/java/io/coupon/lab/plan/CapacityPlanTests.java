package io.coupon.lab.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coupon.lab.cpu.CpuBudgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The capacity plan and the predictions, on runs written as the experiment writes its results.json. */
class CapacityPlanTests {

	@TempDir
	Path results;

	@Test
	void shouldReadEachComponentsCpuPerAnswerFromEachIssueCell() throws IOException {
		Path run = run("20261201-100000", true, issueCell(1, 2, 500, 30, Map.of("coupon-api", 6.0, "gateway", 4.5,
				"load generator", 9.0, "discovery-server", 0.3)), readCell(2));

		MeasuredCosts costs = MeasuredCosts.read(run);

		assertThat(costs.cells()).as("the read cell is left out").hasSize(1);
		MeasuredCosts.Cell cell = costs.cells().getFirst();
		assertThat(cell.replicas()).isEqualTo(2);
		assertThat(cell.millisPerAnswer()).as("15,000 answers: CPU seconds x 1000 / answers")
			.containsOnlyKeys("coupon-api", "gateway");
		assertThat(cell.millisPerAnswer().get("coupon-api")).isCloseTo(0.4, within(1e-9));
		assertThat(cell.millisPerAnswer().get("gateway")).isCloseTo(0.3, within(1e-9));
		assertThat(costs.budgets()).containsEntry("coupon-api", 0.1).containsEntry("gateway", 0.8);
		assertThat(costs.enforced()).isTrue();
	}

	@Test
	void shouldTakeTheMedianOverTheCells() throws IOException {
		MeasuredCosts costs = MeasuredCosts.read(run("20261201-100000", true,
				issueCell(1, 2, 1000, 10, Map.of("coupon-api", 3.0)), issueCell(2, 3, 1000, 10, Map.of("coupon-api", 5.0)),
				issueCell(3, 5, 1000, 10, Map.of("coupon-api", 4.0))));

		MeasuredCosts.Spread spread = costs.of("coupon-api").orElseThrow();

		assertThat(spread.median()).isCloseTo(0.4, within(1e-9));
		assertThat(spread.min()).isCloseTo(0.3, within(1e-9));
		assertThat(spread.max()).isCloseTo(0.5, within(1e-9));
		assertThat(costs.of("redis")).isEmpty();
	}

	@Test
	void shouldLeaveCellsWithErrorsOutOfTheMedianWhenOthersHadNone() throws IOException {
		MeasuredCosts costs = MeasuredCosts.read(run("20261201-100000", true,
				issueCell(1, 2, 1000, 10, Map.of("coupon-api", 3.0)),
				issueCell(2, 2, 1000, 10, Map.of("coupon-api", 9.0)).replace("\"tps\"", "\"errors\": 120, \"tps\"")));

		assertThat(costs.cells().get(1).errors()).isEqualTo(120);
		assertThat(costs.of("coupon-api").orElseThrow().median()).as("the overloaded cell left out")
			.isCloseTo(0.3, within(1e-9));
	}

	@Test
	void shouldSizeEachComponentForATargetAtAUtilisation() throws IOException {
		// 0.4 ms per answer at the replicas, 0.3 at the gateway, 0.2 at the worker, 0.3 at Redis.
		MeasuredCosts costs = MeasuredCosts.read(run("20261201-100000", false, issueCell(1, 2, 1000, 10,
				Map.of("coupon-api", 4.0, "gateway", 3.0, "coupon-worker", 2.0, "redis", 3.0, "kafka", 1.0))));

		CapacityPlan plan = CapacityPlan.of(costs, 30_000, 0.75, Map.of("gateway", 2.0));

		Map<String, CapacityPlan.Line> lines = new java.util.HashMap<>();
		plan.lines().forEach((line) -> lines.put(line.component(), line));
		assertThat(lines.get("coupon-api").cpus()).as("30,000/s x 0.4 ms / 0.75").isCloseTo(16, within(1e-9));
		assertThat(lines.get("coupon-api").instances()).as("1-CPU replicas").isEqualTo(16);
		assertThat(lines.get("gateway").instances()).as("12 CPUs in 2-CPU gateways").isEqualTo(6);
		assertThat(lines.get("coupon-worker").instances()).isEqualTo(8);
		assertThat(lines.get("coupon-worker").note()).contains("raise coupon.topic.partitions to at least 8");
		assertThat(lines.get("redis").note()).as("12 CPUs of Redis").contains("at least 12 masters");
		assertThat(lines.get("kafka").instances()).as("sized in CPUs, not instances").isZero();
		assertThat(lines).doesNotContainKey("mariadb");
		assertThatIllegalArgumentException().isThrownBy(() -> CapacityPlan.of(costs, 30_000, 1.5, Map.of()));
	}

	@Test
	void shouldPredictWhatTheSmallestBudgetedComponentCarries() throws IOException {
		MeasuredCosts costs = MeasuredCosts.read(run("20261201-100000", true,
				issueCell(1, 2, 1000, 10, Map.of("coupon-api", 4.0, "gateway", 3.0, "kafka", 1.0))));

		Prediction four = Prediction.of(costs, Map.of("coupon-api", 0.1, "gateway", 0.8), 4);
		Prediction twenty = Prediction.of(costs, Map.of("coupon-api", 0.1, "gateway", 0.8), 20);

		assertThat(four.tps()).as("4 x 0.1 CPU / 0.4 ms").isCloseTo(1000, within(1e-6));
		assertThat(four.limitedBy()).isEqualTo("coupon-api");
		assertThat(four.capacities()).as("unbudgeted Kafka is not a limit").doesNotContainKey("kafka");
		assertThat(twenty.tps()).as("0.8 CPU / 0.3 ms").isCloseTo(2666.67, within(0.01));
		assertThat(twenty.limitedBy()).isEqualTo("gateway");
		assertThatIllegalArgumentException().isThrownBy(() -> Prediction.of(costs, Map.of(), 4))
			.withMessageContaining("needs CPU budgets");
	}

	@Test
	void shouldCompareEachCellOfAnotherRunWithItsPrediction() throws IOException {
		run("20261201-100000", true, issueCell(1, 2, 500, 10, Map.of("coupon-api", 2.0, "gateway", 1.5)));
		Path other = run("20261201-110000", true, issueCell(1, 4, 900, 10, Map.of("coupon-api", 4.0)));

		String text = PlanReport.run(PlanOptions.parse(List.of("--from", this.results.resolve("20261201-100000")
			.toString(), "--check", other.toString()), this.results));

		assertThat(text).contains("## Predicted against")
			.as("4 x 0.1 / 0.4 ms = 1,000 against 900 measured")
			.contains("| 1 | 4 | 100 | 1,000 | coupon-api | 900 | +11.1% |");
	}

	@Test
	void shouldUseTheNewestExperimentRunAndRefuseWhatItCannotDo() throws IOException {
		run("20261201-100000", true, issueCell(1, 2, 500, 10, Map.of("coupon-api", 2.0)));
		Path newest = run("20261201-120000", true, issueCell(1, 3, 500, 10, Map.of("coupon-api", 2.0)));
		run("20261201-130000-spike", true, issueCell(1, 3, 500, 10, Map.of("coupon-api", 2.0)));

		assertThat(PlanOptions.parse(List.of("--tps", "1000"), this.results).from()).isEqualTo(newest);
		assertThat(PlanReport.run(PlanOptions.parse(List.of("--tps", "1000"), this.results)))
			.contains("## 1,000 answers/s, each component at most 70% busy")
			.contains("| coupon-api | 0.400 (0.400-0.400) | 0.6 | 1 | 1 | replicas behind the gateways |");
		assertThat(PlanReport.run(PlanOptions.parse(List.of("--cpus", "replica-bound", "--replicas", "4"),
				this.results)))
			.contains("Predicted: **1,000 answers/s**, limited by coupon-api");
		assertThatIllegalArgumentException().isThrownBy(() -> PlanOptions.parse(List.of(), this.results))
			.withMessage("plan needs exactly one of --tps, --cpus with --replicas, or --check");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlanOptions.parse(List.of("--cpus", "replica-bound"), this.results))
			.withMessage("A prediction needs both --cpus and --replicas");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlanOptions.parse(List.of("--tps", "-3"), this.results))
			.withMessage("--tps must be positive: -3");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlanOptions.parse(List.of("--cpus", "replica-bound", "--replicas", "2.5"), this.results))
			.withMessage("--replicas takes a whole number of at least 1: 2.5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlanOptions.parse(List.of("--tps", "10", "--bogus", "1"), this.results))
			.withMessage("Unknown option for plan: --bogus");
		assertThatIllegalArgumentException().isThrownBy(() -> MeasuredCosts.read(this.results.resolve("nowhere")))
			.withMessageContaining("No results.json in");
		assertThat(CpuBudgets.REPLICA_BOUND.forComponent("coupon-api")).contains(0.1);
	}

	private Path run(String name, boolean budgeted, String... cells) throws IOException {
		Path run = Files.createDirectories(this.results.resolve(name));
		String budgets = budgeted ? """
				"cpuBudgets": {"budgets": {"coupon-api": 0.1, "gateway": 0.8}, "enforced": true, "startBoost": true},
				""" : "";
		Files.writeString(run.resolve("results.json"), "{\"startedAt\": \"2026-12-01T10:00:00Z\", " + budgets
				+ "\"cells\": [" + String.join(",", cells) + "]}");
		return run;
	}

	private static String issueCell(int index, int replicas, double tps, double seconds, Map<String, Double> cpu) {
		StringBuilder cpuSeconds = new StringBuilder();
		cpu.forEach((component, value) -> cpuSeconds.append(cpuSeconds.isEmpty() ? "" : ",")
			.append('"')
			.append(component)
			.append("\": ")
			.append(value));
		return """
				{"cell": {"index": %d, "replicas": %d, "vusers": 100, "scenario": "ISSUE"}, "scenario": "issue",
				 "tps": %s, "seconds": %s, "latencyMillis": {"p99": 250}, "cpuSeconds": {%s}}
				""".formatted(index, replicas, tps, seconds, cpuSeconds);
	}

	private static String readCell(int index) {
		return """
				{"cell": {"index": %d, "replicas": 2, "vusers": 100, "scenario": "READ_STATUS"}, "scenario": "read-status",
				 "tps": 900, "seconds": 30, "cpuSeconds": {"coupon-api": 1.0}}
				""".formatted(index);
	}

}
