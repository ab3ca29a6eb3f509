package io.coupon.lab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The report's PNG charts, drawn from the same cell results as its tables. */
public final class Charts {

	static final String TPS_VS_VUSERS = "tps-vs-vusers.png";

	static final String LATENCY = "latency-percentiles.png";

	public static final String TPS_OVER_TIME = "tps-over-time.png";

	static final String TPS_BY_REPLICAS = "tps-by-replicas.png";

	static final String SCALING_EFFICIENCY = "scaling-efficiency.png";

	static final String LATENCY_BY_REPLICAS = "latency-by-replicas.png";

	private static final int WIDTH = 960;

	private static final int HEIGHT = 540;

	private Charts() {
	}

	/** Writes the charts into {@code dir} and returns their file names. */
	static List<String> write(Path dir, List<MeasuredCell> cells) throws IOException {
		if (cells.isEmpty()) {
			return List.of();
		}
		System.setProperty("java.awt.headless", "true");
		save(tpsVsVusers(cells), dir.resolve(TPS_VS_VUSERS));
		save(latency(cells), dir.resolve(LATENCY));
		save(tpsOverTime(cells), dir.resolve(TPS_OVER_TIME));
		List<ScalingSeries> scaling = ScalingSeries.of(cells.stream()
			.filter(CellResult.class::isInstance)
			.map(CellResult.class::cast)
			.toList());
		if (!ScalingSeries.anyScaling(scaling)) {
			return List.of(TPS_VS_VUSERS, LATENCY, TPS_OVER_TIME);
		}
		save(tpsByReplicas(scaling), dir.resolve(TPS_BY_REPLICAS));
		save(scalingEfficiency(scaling), dir.resolve(SCALING_EFFICIENCY));
		save(latencyByReplicas(scaling), dir.resolve(LATENCY_BY_REPLICAS));
		return List.of(TPS_BY_REPLICAS, SCALING_EFFICIENCY, LATENCY_BY_REPLICAS, TPS_VS_VUSERS, LATENCY,
				TPS_OVER_TIME);
	}

	// The origin's question: one line per vuser count, TPS against the replicas.
	private static XYChart tpsByReplicas(List<ScalingSeries> scaling) {
		XYChart chart = replicaChart("TPS (all answers) by coupon-api replicas, one line per vuser count", "TPS");
		scaling.forEach((series) -> chart.addSeries(series.label(), series.replicas(), series.tps()));
		return chart;
	}

	private static XYChart scalingEfficiency(List<ScalingSeries> scaling) {
		XYChart chart = replicaChart("Scaling efficiency: TPS per replica relative to " + ScalingSeries.BASELINE_REPLICAS
				+ " replicas (1 = linear)", "efficiency");
		scaling.forEach((series) -> chart.addSeries(series.label(), series.replicas(), series.efficiency()));
		return chart;
	}

	private static XYChart latencyByReplicas(List<ScalingSeries> scaling) {
		XYChart chart = replicaChart("Response time percentiles by coupon-api replicas", "milliseconds");
		for (ScalingSeries series : scaling) {
			for (int percentile : new int[] { 50, 95, 99 }) {
				chart.addSeries(series.label() + " p" + percentile, series.replicas(), series.latency(percentile));
			}
		}
		return chart;
	}

	// Every axis from zero: a line that starts at 1,000 TPS makes a 10% change look like a doubling.
	private static XYChart replicaChart(String title, String yAxis) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title(title)
			.xAxisTitle("coupon-api replicas")
			.yAxisTitle(yAxis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setXAxisMin(0.0);
		chart.getStyler().setYAxisMin(0.0);
		return chart;
	}

	// One line per scenario, strategy, target and replica count: how TPS moves as virtual users are added.
	private static XYChart tpsVsVusers(List<MeasuredCell> cells) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title("TPS (all answers; read-status: requests) and issued/s by virtual users")
			.xAxisTitle("virtual users")
			.yAxisTitle("per second")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setXAxisMin(0.0);
		chart.getStyler().setYAxisMin(0.0);
		Map<String, List<MeasuredCell>> series = new LinkedHashMap<>();
		for (MeasuredCell cell : cells) {
			String scenario = (cell.cell().scenario() == Scenario.ISSUE) ? "" : cell.cell().scenario().label() + " ";
			String name = scenario + cell.cell().strategy() + " " + cell.cell().target().label() + " "
					+ cell.cell().replicas() + " replicas";
			series.computeIfAbsent(name, (key) -> new ArrayList<>()).add(cell);
		}
		series.forEach((name, points) -> {
			double[] vusers = points.stream().mapToDouble((cell) -> cell.cell().vusers()).toArray();
			chart.addSeries(name + " TPS", vusers,
					points.stream().mapToDouble((cell) -> cell.measured().tps()).toArray());
			if (points.getFirst() instanceof CellResult) {
				chart.addSeries(name + " issued/s", vusers,
						points.stream().mapToDouble((cell) -> ((CellResult) cell).load().issuedPerSecond()).toArray());
			}
		});
		return chart;
	}

	private static CategoryChart latency(List<MeasuredCell> cells) {
		CategoryChart chart = new CategoryChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title("Response time percentiles by cell")
			.xAxisTitle("cell")
			.yAxisTitle("milliseconds")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setYAxisMin(0.0);
		List<String> labels = cells.stream()
			.map((cell) -> "#" + cell.cell().index() + " " + cell.cell().replicas() + "r " + cell.cell().vusers() + "vu"
					+ ((cell.cell().scenario() == Scenario.ISSUE) ? "" : " read"))
			.toList();
		chart.addSeries("p50", labels, cells.stream().map((cell) -> (Number) cell.measured().latencies().p50()).toList());
		chart.addSeries("p95", labels, cells.stream().map((cell) -> (Number) cell.measured().latencies().p95()).toList());
		chart.addSeries("p99", labels, cells.stream().map((cell) -> (Number) cell.measured().latencies().p99()).toList());
		return chart;
	}

	private static XYChart tpsOverTime(List<MeasuredCell> cells) {
		XYChart chart = new XYChartBuilder().width(WIDTH)
			.height(HEIGHT)
			.title("Answers per second during each measurement")
			.xAxisTitle("second of the measurement")
			.yAxisTitle("answers per second")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
		chart.getStyler().setXAxisMin(0.0);
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setMarkerSize(0);
		for (MeasuredCell cell : cells) {
			List<Long> timeline = cell.measured().answersTimeline();
			int seconds = Math.max(1, Math.min(timeline.size(), (int) Math.floor(cell.measured().seconds())));
			double[] x = new double[seconds];
			double[] y = new double[seconds];
			for (int i = 0; i < seconds; i++) {
				x[i] = i;
				y[i] = timeline.get(i);
			}
			chart.addSeries("#" + cell.cell().index() + " " + cell.cell().label(), x, y);
		}
		return chart;
	}

	private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

}
