package io.coupon.lab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScalingSeriesTests {

	@Test
	void shouldGiveOneSeriesPerVuserCountWithTpsSpeedupAndEfficiencyAgainstTwoReplicas() {
		// The origin's order: replicas outside, vusers inside.
		List<ScalingSeries> series = ScalingSeries.of(List.of(cell(1, 2, 100, 1_000, 20), cell(2, 2, 1000, 1_200, 300),
				cell(3, 3, 100, 1_500, 25), cell(4, 3, 1000, 1_500, 400), cell(5, 5, 100, 2_000, 40),
				cell(6, 5, 1000, 3_000, 500)));

		assertThat(series).extracting(ScalingSeries::label)
			.containsExactly("lua gateway 100 vusers", "lua gateway 1000 vusers");
		ScalingSeries hundred = series.getFirst();
		assertThat(hundred.baseline()).isEqualTo(2);
		assertThat(hundred.replicas()).containsExactly(2, 3, 5);
		assertThat(hundred.tps()).containsExactly(1_000, 1_500, 2_000);
		assertThat(hundred.points()).extracting(ScalingSeries.Point::speedup).containsExactly(1.0, 1.5, 2.0);
		// TPS per replica: 500, 500, 400, against 500 at 2 replicas.
		assertThat(hundred.efficiency()).containsExactly(1.0, 1.0, 0.8);
		assertThat(hundred.latency(50)).containsExactly(20, 25, 40);
		assertThat(hundred.latency(99)).containsExactly(60, 75, 120);
		ScalingSeries thousand = series.get(1);
		assertThat(thousand.efficiency()[2]).isCloseTo(3_000.0 / 5 / 600, within(1e-9));
		assertThat(ScalingSeries.anyScaling(series)).isTrue();
	}

	@Test
	void shouldCompareWithTheSmallestReplicaCountWhenTwoWasNotMeasured() {
		List<ScalingSeries> series = ScalingSeries.of(List.of(cell(1, 3, 100, 900, 10), cell(2, 5, 100, 1_200, 10)));

		assertThat(series.getFirst().baseline()).isEqualTo(3);
		assertThat(series.getFirst().efficiency()[1]).isCloseTo(1_200.0 / 5 / 300, within(1e-9));
	}

	@Test
	void shouldSeeNoScalingInOneReplicaCount() {
		assertThat(ScalingSeries.anyScaling(ScalingSeries.of(List.of(cell(1, 2, 100, 900, 10),
				cell(2, 2, 1000, 900, 10))))).isFalse();
	}

	@Test
	void shouldPutTheScalingTableAndItsChartsInTheReport(@TempDir Path dir) throws Exception {
		ExperimentReport report = new ExperimentReport(ExperimentOptions.defaults(), dir, Instant.now());
		report.add(cell(1, 2, 100, 1_000, 20));
		report.add(cell(2, 3, 100, 1_500, 25));
		report.add(cell(3, 5, 100, 2_000, 40));

		report.write();

		assertThat(Files.readString(report.reportFile())).contains("## Scaling by replicas")
			.contains("| lua gateway 100 vusers | 5 | 2,000 | 2.00x | 0.80 | 40 | 80 | 120 |")
			.contains("![" + Charts.TPS_BY_REPLICAS + "]")
			.contains("![" + Charts.SCALING_EFFICIENCY + "]")
			.contains("![" + Charts.LATENCY_BY_REPLICAS + "]");
		for (String chart : List.of(Charts.TPS_BY_REPLICAS, Charts.SCALING_EFFICIENCY, Charts.LATENCY_BY_REPLICAS)) {
			assertThat(Files.size(dir.resolve(chart))).as(chart).isGreaterThan(1_000);
		}
	}

	/** A cell of 10 s measured at {@code tps} answers per second, all issued; p95 and p99 are 2 and 3 times p50. */
	private static CellResult cell(int index, int replicas, int vusers, long tps, long p50) {
		long total = tps * 10;
		LoadResult load = new LoadResult(10.0, Map.of(Outcome.ISSUED, total), Map.of("coupon-api:8101", total),
				new Latencies(total, p50, p50, 2 * p50, 3 * p50, 4 * p50), List.of(total), List.of(total),
				List.of(0L), List.of());
		return new CellResult(new ExperimentOptions.Cell(index, "lua", Target.GATEWAY, replicas, vusers, Scenario.ISSUE),
				Duration.ofSeconds(10), index, load, InvariantChecker.check(1_000_000, List.of(), List.of()), total, 0.5,
				Map.of(), null);
	}

}
