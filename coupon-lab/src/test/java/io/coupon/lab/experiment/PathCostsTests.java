package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PathCostsTests {

	@Test
	void shouldPriceVerificationAndTheGatewayFromCellsThatDifferOnlyInTheirTarget() {
		List<CellResult> cells = List.of(cell(1, Target.GATEWAY, 100, 1800), cell(2, Target.TRUSTED_GATEWAY, 100, 2000),
				cell(3, Target.DIRECT, 100, 4000), cell(4, Target.GATEWAY, 1000, 1500));

		List<PathCosts.Row> rows = PathCosts.of(cells);

		assertThat(rows).hasSize(1);
		PathCosts.Row row = rows.getFirst();
		assertThat(row.cell().vusers()).isEqualTo(100);
		assertThat(row.securityCost()).hasValueSatisfying((cost) -> assertThat(cost).isCloseTo(0.10, within(1e-9)));
		assertThat(row.gatewayToDirect()).hasValueSatisfying((ratio) -> assertThat(ratio).isCloseTo(0.45, within(1e-9)));

		StringBuilder md = new StringBuilder();
		PathCosts.appendTable(md, cells);
		assertThat(md.toString()).contains("## What the path costs")
			.contains("| lua | 2 | 100 | 1,800 | 2,000 | 10.0 % | 4,000 | 0.45 |");
	}

	@Test
	void shouldWriteNothingWithoutComparableCells() {
		StringBuilder md = new StringBuilder();
		PathCosts.appendTable(md, List.of(cell(1, Target.GATEWAY, 100, 1800), cell(2, Target.DIRECT, 1000, 4000)));

		assertThat(md.toString()).isEmpty();
	}

	// A cell of 1 s in which every answer was an issued coupon: its TPS is `tps`.
	private static CellResult cell(int index, Target target, int vusers, long tps) {
		LoadResult load = new LoadResult(1.0,
				Map.of(Outcome.ISSUED, tps, Outcome.SOLD_OUT, 0L, Outcome.ALREADY_ISSUED, 0L, Outcome.REJECTED, 0L,
						Outcome.FAILED, 0L, Outcome.TIMED_OUT, 0L),
				Map.of("coupon-api:8101", tps), new Latencies(tps, 12.5, 10, 30, 45, 80), List.of(tps), List.of(tps),
				List.of(0L), List.of());
		return new CellResult(new ExperimentOptions.Cell(index, "lua", target, 2, vusers, Scenario.ISSUE),
				Duration.ofSeconds(10), index, load, InvariantChecker.check(1_000_000, List.of(), List.of()), tps, 0.5,
				Map.of(), null);
	}

}
