package io.coupon.lab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What each part of the path costs, from cells of the same run that differ only in their target: the gateway's
 * token verification and rate limiting (gateway against trusted-gateway), and the gateway itself (gateway against
 * direct). Ratios of cells measured in one run are what compare on a noisy machine.
 */
final class PathCosts {

	private PathCosts() {
	}

	/**
	 * One row per gateway cell that has a trusted-gateway or a direct cell of the same strategy, replicas and vusers.
	 */
	static List<Row> of(List<CellResult> cells) {
		List<Row> rows = new ArrayList<>();
		for (CellResult gateway : cells) {
			if (gateway.cell().target() != Target.GATEWAY) {
				continue;
			}
			Optional<CellResult> trusted = sibling(cells, gateway, Target.TRUSTED_GATEWAY);
			Optional<CellResult> direct = sibling(cells, gateway, Target.DIRECT);
			if (trusted.isPresent() || direct.isPresent()) {
				rows.add(new Row(gateway.cell(), gateway.load().tps(), trusted.map((cell) -> cell.load().tps()),
						direct.map((cell) -> cell.load().tps())));
			}
		}
		return rows;
	}

	private static Optional<CellResult> sibling(List<CellResult> cells, CellResult gateway, Target target) {
		ExperimentOptions.Cell of = gateway.cell();
		return cells.stream()
			.filter((cell) -> cell.cell().target() == target && cell.cell().strategy().equals(of.strategy())
					&& cell.cell().replicas() == of.replicas() && cell.cell().vusers() == of.vusers())
			.findFirst();
	}

	static void appendTable(StringBuilder md, List<CellResult> cells) {
		List<Row> rows = of(cells);
		if (rows.isEmpty()) {
			return;
		}
		md.append("\n## What the path costs (cells of this run that differ only in their target)\n\n");
		md.append("| strategy | replicas | vusers | gateway TPS | trusted-gateway TPS | verification + rate limit cost "
				+ "| direct TPS | gateway / direct |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %s | %s | %s | %s |%n", row.cell().strategy(),
					row.cell().replicas(), row.cell().vusers(), row.gatewayTps(),
					row.trustedTps().map((tps) -> String.format(Locale.ROOT, "%,.0f", tps)).orElse("-"),
					row.securityCost().map((cost) -> String.format(Locale.ROOT, "%.1f %%", cost * 100)).orElse("-"),
					row.directTps().map((tps) -> String.format(Locale.ROOT, "%,.0f", tps)).orElse("-"),
					row.gatewayToDirect().map((ratio) -> String.format(Locale.ROOT, "%.2f", ratio)).orElse("-")));
		}
		md.append("\nThe cost is 1 - gateway TPS / trusted-gateway TPS: the share of throughput that token verification "
				+ "and the per-user rate limit take. The trusted gateway is the same gateway restarted with both off.\n");
	}

	/**
	 * @param trustedTps the same cell through the gateway with its security off
	 * @param directTps the same cell straight to one replica
	 */
	record Row(ExperimentOptions.Cell cell, double gatewayTps, Optional<Double> trustedTps, Optional<Double> directTps) {

		/** The share of throughput that verification and rate limiting cost. */
		Optional<Double> securityCost() {
			return this.trustedTps.filter((tps) -> tps > 0).map((tps) -> 1 - this.gatewayTps / tps);
		}

		Optional<Double> gatewayToDirect() {
			return this.directTps.filter((tps) -> tps > 0).map((tps) -> this.gatewayTps / tps);
		}

	}

}
