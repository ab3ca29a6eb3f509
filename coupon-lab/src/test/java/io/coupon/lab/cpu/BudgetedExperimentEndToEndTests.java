package io.coupon.lab.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.coupon.lab.ComponentState;
import io.coupon.lab.RunningSuite;
import io.coupon.lab.Suite;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.experiment.CellResult;
import io.coupon.lab.experiment.Experiment;
import io.coupon.lab.experiment.ExperimentOptions;
import io.coupon.lab.experiment.ExperimentReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./coupon experiment --cpus coupon-api=0.5,redis=0.2 --replicas 1 --vusers 8,16}, kept short: the replica
 * and Redis (with its InfraMain wrapper) run in a CPU group of their own, the report states the budgets and each
 * cell's throttling, and stopping the suite removes the groups. One replica only: a Spring Boot JVM held to half a
 * core takes minutes to start on a busy 2-core machine.
 */
class BudgetedExperimentEndToEndTests {

	private static final CpuBudgets BUDGETS = CpuBudgets.parse("coupon-api=0.5,redis=0.2");

	@Test
	void shouldRunABudgetedTwoCellExperimentAndReportEachComponentsThrottling(@TempDir Path results)
			throws Exception {
		Path project = Path.of("").toAbsolutePath().getParent();
		Path stateDir = project.resolve("coupon-lab/target/budgeted-suite");
		SuiteOptions options = SuiteOptions.defaults(project)
			.withFreePorts()
			.withStateDir(stateDir)
			.withReplicas(1)
			// Every replica start still warms up before it is ready, a sixth as long: these tests are about correctness,
			// and the suite restarts replicas often (docs/experiments.md measures what the full warm-up buys).
			.withEnv("COUPON_WARMUP_ISSUES", "500")
			.withEnv("COUPON_WARMUP_REQUESTS", "50")
			// A Spring Boot JVM held to 0.5 CPU starts in minutes, not seconds, on a busy machine.
			.withStartupTimeout(Duration.ofMinutes(8))
			.withProgress((line) -> System.out.println("[suite] " + line));
		SuiteCpuBudgets budgets = SuiteCpuBudgets.forHost(BUDGETS, false, stateDir);
		Path groups;
		ExperimentReport report;
		try (RunningSuite suite = Suite.start(options, budgets)) {
			assertThat(suite.cpuBudgets().enforced()).as(suite.cpuBudgets().describe()).isTrue();
			groups = new CpuCgroups(CgroupHost.detect().controller().orElseThrow(), stateDir).base();
			assertInGroup(suite, groups, "coupon-api-1");
			assertThat(quotaMicros(groups.resolve("coupon-api-1")))
				.as("the replica started under 1 CPU (its start-up boost) and is held to its 0.5 once ready")
				.isEqualTo(50_000);
			assertThat(quotaMicros(groups.resolve("redis"))).as("Redis held to its 0.2 once ready").isEqualTo(20_000);
			ComponentState redis = component(suite, "redis");
			assertThat(Files.readAllLines(groups.resolve("redis").resolve("cgroup.procs")))
				.as("Redis's wrapper and the server it started")
				.contains(redis.pid().toString(), redis.serverPid().toString());
			assertThat(groups.resolve("gateway")).as("an unbudgeted component has no group").doesNotExist();

			ExperimentOptions experiment = ExperimentOptions.demo()
				.withReplicas(List.of(1))
				.withVusers(List.of(8, 16))
				.withWarmup(Duration.ofSeconds(3))
				.withColdWarmup(Duration.ZERO)
				.withDuration(Duration.ofSeconds(5))
				.withRequestTimeout(Duration.ofSeconds(30));
			report = new Experiment(experiment, results, System.out).runOn(suite, false);
		}

		assertThat(report.cells()).hasSize(2);
		for (CellResult cell : report.cells()) {
			String label = cell.cell().label();
			assertThat(cell.load().count(Outcome.ISSUED)).as(label + ": issued").isPositive();
			assertThat(cell.verdict().passed()).as(label + ": " + cell.verdict()).isTrue();
			Map<String, Throttling> throttling = report.throttling(cell.cell().index());
			assertThat(throttling).as(label + ": every budgeted component").containsKey("redis");
			for (int replica = 1; replica <= cell.cell().replicas(); replica++) {
				assertThat(throttling.get("coupon-api-" + replica).throttledPeriods())
					.as(label + ": a replica held to half a core under load is throttled")
					.isPositive();
			}
		}
		String markdown = Files.readString(report.reportFile());
		assertThat(markdown).contains("## CPU budgets")
			.contains("Budgets: `coupon-api=0.5,redis=0.2, enforced by cgroup")
			.containsPattern("\\| 1 \\| coupon-api-1 \\| 0.5 \\| [1-9][0-9,]* \\|")
			.containsPattern("\\| 2 \\| coupon-api-1 \\| 0.5 \\| [1-9][0-9,]* \\|")
			.contains("| 2 | redis | 0.2 |")
			.containsPattern("\\| 2 \\| (coupon-api-1|redis) \\(throttled in [0-9]+% of its periods\\) \\|");
		assertThat(Files.readString(results.resolve("results.json"))).contains("\"cpuThrottling\"");
		assertThat(groups).as("the suite's CPU groups, once it stopped").doesNotExist();
		assertThat(stateDir.resolve("run").resolve(SuiteCpuBudgets.FILE)).doesNotExist();
	}

	/** The group's quota per 100 ms period, from cgroup v1's cpu.cfs_quota_us or v2's cpu.max. */
	private static long quotaMicros(Path group) throws Exception {
		Path v1 = group.resolve("cpu.cfs_quota_us");
		String quota = Files.exists(v1) ? Files.readString(v1) : Files.readString(group.resolve("cpu.max")).split(" ")[0];
		return Long.parseLong(quota.trim());
	}

	private static void assertInGroup(RunningSuite suite, Path groups, String component) throws Exception {
		assertThat(Files.readAllLines(groups.resolve(component).resolve("cgroup.procs")))
			.as(component + "'s JVM in its group")
			.contains(component(suite, component).pid().toString());
		assertThat(groups.resolve(component).resolve("cpu.cfs_quota_us").toFile().exists()
				? Files.readString(groups.resolve(component).resolve("cpu.cfs_quota_us")).trim()
				: Files.readString(groups.resolve(component).resolve("cpu.max")).split(" ")[0])
			.isEqualTo("50000");
	}

	private static ComponentState component(RunningSuite suite, String name) {
		return suite.components().stream().filter((each) -> each.name().equals(name)).findFirst().orElseThrow();
	}

}
