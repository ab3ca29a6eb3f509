package io.coupon.lab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The origin's question as data: for each strategy, target and vuser count, how TPS and latency move with the
 * replicas. The baseline is the series' 2-replica cell (the origin's smallest), or its smallest replica count when it
 * has none. What the report's scaling table and charts draw.
 *
 * @param vusers the series' virtual users
 * @param baseline the replica count the others are compared with
 */
record ScalingSeries(String label, int vusers, int baseline, List<Point> points) {

	/** The origin's smallest matrix row. */
	static final int BASELINE_REPLICAS = 2;

	/**
	 * One replica count of a series.
	 * @param speedup TPS over the baseline's TPS (ideal: replicas / baseline)
	 * @param efficiency TPS per replica over the baseline's TPS per replica (ideal: 1)
	 */
	record Point(int replicas, double tps, double speedup, double efficiency, Latencies latencies) {
	}

	/** The series of the issue cells, in the order their first cell ran; a replica count measured twice: the last. */
	static List<ScalingSeries> of(List<CellResult> cells) {
		Map<String, TreeMap<Integer, CellResult>> groups = new LinkedHashMap<>();
		Map<String, Integer> vusers = new LinkedHashMap<>();
		for (CellResult cell : cells) {
			ExperimentOptions.Cell c = cell.cell();
			String label = String.format(Locale.ROOT, "%s %s %d vusers", c.strategy(), c.target().label(), c.vusers());
			groups.computeIfAbsent(label, (key) -> new TreeMap<>()).put(c.replicas(), cell);
			vusers.put(label, c.vusers());
		}
		List<ScalingSeries> series = new ArrayList<>();
		groups.forEach((label, byReplicas) -> {
			int baseline = byReplicas.containsKey(BASELINE_REPLICAS) ? BASELINE_REPLICAS : byReplicas.firstKey();
			double baseTps = byReplicas.get(baseline).load().tps();
			List<Point> points = new ArrayList<>();
			byReplicas.forEach((replicas, cell) -> {
				double tps = cell.load().tps();
				double speedup = (baseTps > 0) ? tps / baseTps : Double.NaN;
				points.add(new Point(replicas, tps, speedup, speedup * baseline / replicas, cell.load().latencies()));
			});
			series.add(new ScalingSeries(label, vusers.get(label), baseline, List.copyOf(points)));
		});
		return List.copyOf(series);
	}

	/** Whether some series has more than one replica count: only then is there a scaling to draw. */
	static boolean anyScaling(List<ScalingSeries> series) {
		return series.stream().anyMatch((s) -> s.points().size() > 1);
	}

	double[] replicas() {
		return this.points.stream().mapToDouble(Point::replicas).toArray();
	}

	double[] tps() {
		return this.points.stream().mapToDouble(Point::tps).toArray();
	}

	double[] efficiency() {
		return this.points.stream().mapToDouble(Point::efficiency).toArray();
	}

	/** One latency percentile of every point: 50, 95 or 99. */
	double[] latency(int percentile) {
		return this.points.stream().mapToDouble((point) -> switch (percentile) {
			case 50 -> point.latencies().p50();
			case 95 -> point.latencies().p95();
			case 99 -> point.latencies().p99();
			default -> throw new IllegalArgumentException("p50, p95 or p99, not p" + percentile);
		}).toArray();
	}

	/** Appends the scaling table: nothing when no series has two replica counts. */
	static void appendTable(StringBuilder md, List<ScalingSeries> scaling) {
		if (!anyScaling(scaling)) {
			return;
		}
		md.append("\n## Scaling by replicas\n\n");
		md.append("The origin's question, from the cells above: TPS by replica count for each vuser count, relative to "
				+ "the series' " + BASELINE_REPLICAS + "-replica cell (*speedup*; ideal: replicas / "
				+ BASELINE_REPLICAS + "), and TPS per replica relative to it (*efficiency*; ideal 1).\n\n");
		md.append("| series | replicas | TPS | speedup | efficiency | p50 ms | p95 ms | p99 ms |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (ScalingSeries series : scaling) {
			for (Point point : series.points()) {
				md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2fx | %.2f | %d | %d | %d |%n",
						series.label(), point.replicas(), point.tps(), point.speedup(), point.efficiency(),
						point.latencies().p50(), point.latencies().p95(), point.latencies().p99()));
			}
		}
	}

}
