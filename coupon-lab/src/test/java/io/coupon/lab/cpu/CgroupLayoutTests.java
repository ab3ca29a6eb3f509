package io.coupon.lab.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The files a budget writes and reads, against fake cgroup hierarchies in a temporary folder (a real cgroup file
 * system creates a group's control files itself; here they appear as they are written).
 */
class CgroupLayoutTests {

	@TempDir
	Path tmp;

	private final Path stateDir = Path.of("/repo/.coupon");

	@Test
	void shouldSetACgroupV1QuotaPerComponentAndReadItsThrottling() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CgroupHost host = CgroupHost.detect(List.of(
				"32 31 0:29 / " + mount + " rw,relatime - cgroup cgroup rw,cpu",
				"33 31 0:30 / " + this.tmp.resolve("cpuacct") + " rw,relatime - cgroup cgroup rw,cpuacct"));
		assertThat(host.controller()).containsInstanceOf(CpuController.V1.class);
		CpuCgroups groups = new CpuCgroups(host.controller().get(), this.stateDir, CgroupLayoutTests::deleteTree);

		Path procs = groups.prepare("coupon-api-1", 0.25);

		Path group = mount.resolve("coupon-lab").resolve(CpuCgroups.suiteKey(this.stateDir)).resolve("coupon-api-1");
		assertThat(groups.base()).isEqualTo(group.getParent());
		assertThat(procs).isEqualTo(group.resolve("cgroup.procs"));
		assertThat(group.resolve("cpu.cfs_period_us")).hasContent("100000");
		assertThat(group.resolve("cpu.cfs_quota_us")).hasContent("25000");
		Files.writeString(group.resolve("cpu.stat"),
				"nr_periods 50\nnr_throttled 20\nthrottled_time 1500000000\nnr_bursts 0\nburst_time 0\n");
		assertThat(groups.throttling())
			.containsExactly(Map.entry("coupon-api-1", new Throttling(50, 20, Duration.ofMillis(1500))));
	}

	@Test
	void shouldStartAComponentUnderItsBudgetRoundedUpToWholeCpusAndHoldItToItsBudgetOnceReady() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CpuCgroups groups = new CpuCgroups(new CpuController.V1(mount), this.stateDir, CgroupLayoutTests::deleteTree);
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(groups,
				CpuBudgets.parse("coupon-api=0.05,gateway=1.6,redis=1"), true);

		budgets.groupFor("coupon-api-2");
		budgets.groupFor("gateway");
		budgets.groupFor("redis");

		Path replica = groups.base().resolve("coupon-api-2");
		assertThat(replica.resolve("cpu.cfs_quota_us")).as("a replica of 0.05 CPU starts under 1 CPU").hasContent("100000");
		assertThat(groups.base().resolve("gateway").resolve("cpu.cfs_quota_us")).hasContent("200000");
		budgets.settle("coupon-api-2");
		budgets.settle("gateway");
		budgets.settle("redis");
		budgets.settle("coupon-worker");
		assertThat(replica.resolve("cpu.cfs_quota_us")).as("ready: held to its budget").hasContent("5000");
		assertThat(groups.base().resolve("gateway").resolve("cpu.cfs_quota_us")).hasContent("160000");
		assertThat(groups.base().resolve("redis").resolve("cpu.cfs_quota_us")).hasContent("100000");
		assertThat(groups.base().resolve("coupon-worker")).as("no budget, no group").doesNotExist();

		budgets.groupFor("coupon-api-2");
		assertThat(replica.resolve("cpu.cfs_quota_us")).as("a restart is boosted again").hasContent("100000");
		assertThat(budgets.describe()).contains("start-up boost");
	}

	@Test
	void shouldKeepTheBoostOfReadyComponentsUntilTheNextMeasurementBeginsWhenAskedTo() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CpuCgroups groups = new CpuCgroups(new CpuController.V1(mount), this.stateDir, CgroupLayoutTests::deleteTree);
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(groups, CpuBudgets.parse("coupon-api=0.05,gateway=0.8"), true);
		budgets.boostUntilMeasured();
		Path replica = groups.base().resolve("coupon-api-1").resolve("cpu.cfs_quota_us");
		Path gateway = groups.base().resolve("gateway").resolve("cpu.cfs_quota_us");

		budgets.groupFor("coupon-api-1");
		budgets.groupFor("gateway");
		budgets.settle("coupon-api-1");
		budgets.settle("gateway");

		assertThat(replica).as("ready, still boosted before the measurement").hasContent("100000");
		assertThat(gateway).hasContent("100000");
		assertThat(budgets.measuring()).containsExactly("coupon-api-1", "gateway");
		assertThat(replica).as("measured: held to its budget").hasContent("5000");
		assertThat(gateway).hasContent("80000");
		budgets.groupFor("coupon-api-2");
		assertThat(budgets.measuring()).as("a replica not ready yet stays boosted").isEmpty();
		assertThat(groups.base().resolve("coupon-api-2").resolve("cpu.cfs_quota_us")).hasContent("100000");
		assertThat(budgets.describe()).contains("and the next measurement began, and boosted again during each warm-up");

		budgets.settle("coupon-api-2");
		assertThat(budgets.warmingUp()).as("a warm-up boosts every running budgeted component")
			.containsExactly("coupon-api-1", "coupon-api-2", "gateway");
		assertThat(replica).hasContent("100000");
		assertThat(gateway).hasContent("100000");
		assertThat(budgets.measuring()).containsExactlyInAnyOrder("coupon-api-1", "coupon-api-2", "gateway");
		assertThat(replica).hasContent("5000");
	}

	@Test
	void shouldNotBoostAWarmUpOutsideAnExperiment() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CpuCgroups groups = new CpuCgroups(new CpuController.V1(mount), this.stateDir, CgroupLayoutTests::deleteTree);
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(groups, CpuBudgets.parse("coupon-api=0.05"), true);
		budgets.groupFor("coupon-api-1");
		budgets.settle("coupon-api-1");

		assertThat(budgets.warmingUp()).isEmpty();
		assertThat(groups.base().resolve("coupon-api-1").resolve("cpu.cfs_quota_us")).hasContent("5000");
	}

	@Test
	void shouldHoldAComponentToItsBudgetFromItsFirstInstructionWithoutTheBoost() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CpuCgroups groups = new CpuCgroups(new CpuController.V1(mount), this.stateDir, CgroupLayoutTests::deleteTree);
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(groups, CpuBudgets.parse("coupon-api=0.05"), false);

		budgets.groupFor("coupon-api-1");

		Path quota = groups.base().resolve("coupon-api-1").resolve("cpu.cfs_quota_us");
		assertThat(quota).hasContent("5000");
		budgets.settle("coupon-api-1");
		assertThat(quota).hasContent("5000");
		assertThat(budgets.describe()).contains("from its first instruction");
	}

	@Test
	void shouldSetACgroupV2QuotaWithTheCpuControllerEnabledFromTheRootDown() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("unified"));
		Files.writeString(mount.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
		CgroupHost host = CgroupHost.detect(List.of("41 31 0:38 / " + mount + " rw,relatime - cgroup2 cgroup2 rw"));
		assertThat(host.controller()).containsInstanceOf(CpuController.V2.class);
		CpuCgroups groups = new CpuCgroups(host.controller().get(), this.stateDir, CgroupLayoutTests::deleteTree);

		Path procs = groups.prepare("gateway", 0.6);

		Path group = groups.base().resolve("gateway");
		assertThat(procs).isEqualTo(group.resolve("cgroup.procs"));
		assertThat(group.resolve("cpu.max")).hasContent("60000 100000");
		assertThat(mount.resolve("cgroup.subtree_control")).hasContent("+cpu");
		assertThat(mount.resolve("coupon-lab").resolve("cgroup.subtree_control")).hasContent("+cpu");
		assertThat(groups.base().resolve("cgroup.subtree_control")).hasContent("+cpu");
		Files.writeString(group.resolve("cpu.stat"), "usage_usec 900000\nuser_usec 800000\nsystem_usec 100000\n"
				+ "nr_periods 40\nnr_throttled 10\nthrottled_usec 250000\n");
		assertThat(groups.throttling())
			.containsExactly(Map.entry("gateway", new Throttling(40, 10, Duration.ofMillis(250))));
	}

	@Test
	void shouldPreferCgroupV1WhereTheHybridHostKeepsTheCpuControllerThere() throws IOException {
		Path unified = Files.createDirectories(this.tmp.resolve("unified"));
		Files.writeString(unified.resolve("cgroup.controllers"), "");
		Path cpu = Files.createDirectories(this.tmp.resolve("cpu"));

		CgroupHost host = CgroupHost.detect(List.of("41 31 0:38 / " + unified + " rw - cgroup2 cgroup2 rw",
				"32 31 0:29 / " + cpu + " rw - cgroup cgroup rw,cpu"));

		assertThat(host.controller()).contains(new CpuController.V1(cpu));
	}

	@Test
	void shouldRemoveEveryGroupOfTheSuiteAndMoveWhatIsLeftInOneToTheRoot() throws IOException {
		Path mount = Files.createDirectories(this.tmp.resolve("cpu"));
		CpuCgroups groups = new CpuCgroups(new CpuController.V1(mount), this.stateDir, CgroupLayoutTests::deleteTree);
		CpuCgroups otherSuite = new CpuCgroups(new CpuController.V1(mount), Path.of("/elsewhere/.coupon"),
				CgroupLayoutTests::deleteTree);
		Files.writeString(groups.prepare("redis", 0.1), "4242\n");
		groups.prepare("kafka", 0.3);

		List<String> removed = groups.removeAll();

		assertThat(removed).containsExactly("kafka", "redis");
		assertThat(mount.resolve("cgroup.procs")).hasContent("4242");
		assertThat(mount.resolve("coupon-lab")).doesNotExist();

		groups.prepare("redis", 0.1);
		otherSuite.prepare("redis", 0.2);
		groups.removeAll();
		assertThat(otherSuite.base().resolve("redis").resolve("cpu.cfs_quota_us")).hasContent("20000");
		assertThat(groups.base()).doesNotExist();
	}

	@Test
	void shouldRefuseBudgetsItCannotEnforceUnlessAllowedToRunWithout() {
		CgroupHost none = CgroupHost.detect(List.of("31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755"));
		CpuBudgets budgets = CpuBudgets.parse("coupon-api=0.25");

		assertThat(none.controller()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> SuiteCpuBudgets.on(none, budgets, false, this.stateDir))
			.withMessageContaining("no cgroup hierarchy with the cpu controller")
			.withMessageContaining("--cpus-unenforced");
		SuiteCpuBudgets unenforced = SuiteCpuBudgets.on(none, budgets, true, this.stateDir);
		assertThat(unenforced.enforced()).isFalse();
		assertThat(unenforced.groupFor("coupon-api-1")).isEmpty();
		assertThat(unenforced.describe()).startsWith("coupon-api=0.25, NOT ENFORCED (no cgroup hierarchy");
		assertThat(SuiteCpuBudgets.on(none, CpuBudgets.none(), false, this.stateDir).describe()).startsWith("none");
	}

	@Test
	void shouldRecordTheBudgetsForDownAndForAChaosRunThatAttaches() throws IOException {
		CgroupHost none = CgroupHost.detect(List.of());
		SuiteCpuBudgets.on(none, CpuBudgets.parse("gateway=0.6,coupon-api=0.25"), true, this.tmp).record(this.tmp);

		SuiteCpuBudgets recorded = SuiteCpuBudgets.recorded(this.tmp);

		assertThat(recorded.budgets()).isEqualTo(CpuBudgets.parse("gateway=0.6,coupon-api=0.25"));
		assertThat(recorded.enforced()).isFalse();
		assertThat(recorded.startBoost()).as("the boost is recorded for restarts").isTrue();
		assertThat(recorded.describe()).contains("NOT ENFORCED (no cgroup hierarchy");
		SuiteCpuBudgets.removeLeftovers(this.tmp, (line) -> {
		});
		assertThat(this.tmp.resolve("run").resolve(SuiteCpuBudgets.FILE)).doesNotExist();
		assertThat(SuiteCpuBudgets.recorded(this.tmp).budgets().isEmpty()).isTrue();
	}

	@Test
	void shouldStartTheCommandInsideTheGroupBeforeItRuns() {
		assertThat(CpuCgroups.inside(Path.of("/g/cgroup.procs"), List.of("java", "-jar", "gateway.jar")))
			.containsExactly("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", "/g/cgroup.procs", "java", "-jar",
					"gateway.jar");
	}

	private static void deleteTree(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
