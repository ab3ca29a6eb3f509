package io.coupon.lab.cpu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottlingReportTests {

	private static final Path STATE = Path.of("/repo/.coupon");

	@Test
	void shouldNameTheComponentThrottledInTheLargestShareOfItsPeriods() {
		Map<String, Throttling> throttling = new LinkedHashMap<>();
		throttling.put("gateway", new Throttling(100, 30, Duration.ofSeconds(2)));
		throttling.put("coupon-api-1", new Throttling(50, 45, Duration.ofSeconds(1)));
		throttling.put("redis", new Throttling(10, 0, Duration.ZERO));

		assertThat(ThrottlingReport.mostThrottled(throttling)).contains("coupon-api-1");
		assertThat(ThrottlingReport.mostThrottled(Map.of("redis", new Throttling(10, 0, Duration.ZERO)))).isEmpty();
	}

	@Test
	void shouldCountOnlyWhatHappenedBetweenTwoReadings() {
		Map<String, Throttling> before = Map.of("redis", new Throttling(10, 2, Duration.ofMillis(100)));
		Map<String, Throttling> after = Map.of("redis", new Throttling(30, 12, Duration.ofMillis(600)), "kafka",
				new Throttling(5, 1, Duration.ofMillis(20)));

		Map<String, Throttling> between = ThrottlingReport.between(before, after);

		assertThat(between).containsEntry("redis", new Throttling(20, 10, Duration.ofMillis(500)))
			.containsEntry("kafka", new Throttling(5, 1, Duration.ofMillis(20)));
		// A group recreated between the readings (a restarted component) counts from zero again.
		assertThat(new Throttling(3, 1, Duration.ofMillis(5)).since(new Throttling(30, 12, Duration.ofMillis(600))))
			.isEqualTo(new Throttling(3, 1, Duration.ofMillis(5)));
	}

	@Test
	void shouldStateEveryBudgetAndEachCellsThrottling() {
		CgroupHost v1 = new CgroupHost(java.util.Optional.of(new CpuController.V1(Path.of("/sys/fs/cgroup/cpu"))),
				null);
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(v1, CpuBudgets.parse("coupon-api=0.25,redis=0.1"), false, STATE);
		StringBuilder md = new StringBuilder();

		ThrottlingReport.append(md, budgets, List.of(new ThrottlingReport.Span("1",
				Map.of("coupon-api-1", new Throttling(200, 150, Duration.ofMillis(12_340)), "redis",
						new Throttling(100, 0, Duration.ZERO)))));

		assertThat(md.toString()).contains("## CPU budgets")
			.contains("Budgets: `coupon-api=0.25,redis=0.1, enforced by cgroup v1 (cpu.cfs_quota_us / "
					+ "cpu.cfs_period_us) in /sys/fs/cgroup/cpu/coupon-lab/suite-")
			.contains("| 1 | coupon-api-1 | 0.25 | 150 | 200 | 75% | 12.34 |")
			.contains("| 1 | redis | 0.1 | 0 | 100 | 0% | 0.00 |")
			.contains("| 1 | coupon-api-1 (throttled in 75% of its periods) |");
	}

	@Test
	void shouldSayThatUnenforcedBudgetsWereNotEnforced() {
		SuiteCpuBudgets budgets = SuiteCpuBudgets.on(CgroupHost.detect(List.of()), CpuBudgets.parse("gateway=0.6"),
				true, STATE);
		StringBuilder md = new StringBuilder();

		ThrottlingReport.append(md, budgets, List.of());

		assertThat(md.toString()).contains("gateway=0.6, NOT ENFORCED").contains("**The budgets were not enforced**");
		StringBuilder nothing = new StringBuilder();
		ThrottlingReport.append(nothing, SuiteCpuBudgets.none(), List.of());
		assertThat(nothing.toString()).isEmpty();
	}

}
