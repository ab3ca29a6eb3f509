package io.coupon.lab.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A budget on this host's real cgroup hierarchy (it needs root or a delegated hierarchy, as {@code --cpus} does): a
 * process that would keep a core busy is held to its quota, the kernel counts it throttled, and the group goes away
 * afterwards.
 */
class CpuBudgetIntegrationTests {

	private static final double BUDGET = 0.2;

	@TempDir
	Path stateDir;

	private Process busy;

	private CpuCgroups groups;

	@AfterEach
	void stopAndRemove() {
		if (this.busy != null) {
			this.busy.destroyForcibly();
		}
		if (this.groups != null) {
			this.groups.removeAll();
		}
	}

	@Test
	void shouldHoldABusyProcessToItsQuotaAndCountItThrottled() throws Exception {
		CgroupHost host = CgroupHost.detect();
		assertThat(host.controller()).as("a cgroup hierarchy this test may use: " + host.problem()).isPresent();
		this.groups = new CpuCgroups(host.controller().get(), this.stateDir);
		Path procs = this.groups.prepare("coupon-worker", BUDGET);

		this.busy = new ProcessBuilder(CpuCgroups.inside(procs, List.of("/bin/sh", "-c", "while :; do :; done")))
			.redirectErrorStream(true)
			.start();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Files.readAllLines(procs)).contains(Long.toString(this.busy.pid())));
		Throttling before = this.groups.throttling().get("coupon-worker");
		Duration cpuBefore = cpu(this.busy);
		long startedNanos = System.nanoTime();
		// 30 enforcement periods of 100 ms: about 3 seconds of the loop under its quota.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.groups.throttling().get("coupon-worker").since(before).periods() >= 30);
		double cpus = cpu(this.busy).minus(cpuBefore).toNanos() / (double) (System.nanoTime() - startedNanos);
		Throttling during = this.groups.throttling().get("coupon-worker").since(before);

		System.out.printf("busy loop under a %.2f CPU budget: %.3f CPUs, %s%n", BUDGET, cpus, during);
		assertThat(during.throttledPeriods()).as("throttled periods").isPositive();
		assertThat(during.throttledShare()).as("a loop that never rests is throttled in most periods")
			.isGreaterThan(0.5);
		assertThat(during.throttledTime()).isPositive();
		// At most the quota (with room for the periods cut by the two readings); less only if the shared machine was
		// too busy to give it even that.
		assertThat(cpus).as("CPUs used").isLessThan(BUDGET * 1.2).isGreaterThan(BUDGET * 0.5);

		this.busy.destroyForcibly().waitFor();
		assertThat(this.groups.removeAll()).containsExactly("coupon-worker");
		assertThat(this.groups.base()).doesNotExist();
	}

	@Test
	void shouldRemoveTheGroupsACrashedSuiteLeftBehind() throws IOException {
		CgroupHost host = CgroupHost.detect();
		assertThat(host.controller()).as("a cgroup hierarchy this test may use: " + host.problem()).isPresent();
		this.groups = new CpuCgroups(host.controller().get(), this.stateDir);
		this.groups.prepare("redis", 0.1);
		this.groups.prepare("coupon-api-1", 0.25);
		SuiteCpuBudgets.on(host, CpuBudgets.parse("redis=0.1,coupon-api=0.25"), false, this.stateDir)
			.record(this.stateDir);
		assertThat(this.groups.base().resolve("redis")).isDirectory();

		StringBuilder progress = new StringBuilder();
		SuiteCpuBudgets.removeLeftovers(this.stateDir, progress::append);

		assertThat(this.groups.base()).doesNotExist();
		assertThat(progress.toString()).contains("removed the CPU budget groups coupon-api-1, redis");
		assertThat(this.stateDir.resolve("run").resolve(SuiteCpuBudgets.FILE)).doesNotExist();
	}

	private static Duration cpu(Process process) {
		return process.toHandle().info().totalCpuDuration().orElseThrow();
	}

}
