package io.coupon.lab.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one issue request cost each component in the cells of one experiment run, read from its
 * {@code results.json}: the CPU seconds each component's processes spent during a cell's measurement, divided by the
 * requests of that measurement, whatever their answer (the lab's TPS, and its "ms/answer"). Read cells and cells
 * without requests are left out.
 *
 * @param run the run's results folder
 * @param budgets the run's CPU budgets by component ({@code coupon-api} per replica), empty if it had none
 * @param enforced whether the kernel enforced them
 * @param cells the issue cells, in their order
 */
public record MeasuredCosts(Path run, Map<String, Double> budgets, boolean enforced, List<Cell> cells) {

	/** The components whose CPU grows with the requests, in the order a plan lists them. */
	public static final List<String> COMPONENTS = List.of("coupon-api", "gateway", "coupon-worker", "kafka", "redis",
			"mariadb");

	public MeasuredCosts {
		budgets = Map.copyOf(budgets);
		cells = List.copyOf(cells);
	}

	/**
	 * One measured cell.
	 *
	 * @param millisPerAnswer CPU milliseconds per answer, by component ({@code coupon-api}: all replicas together)
	 */
	public record Cell(int index, int replicas, int vusers, double tps, long errors, long p99Millis,
			Map<String, Double> millisPerAnswer) {

		public Cell {
			millisPerAnswer = Map.copyOf(millisPerAnswer);
		}

	}

	/** The median, lowest and highest of a component's CPU per answer over the cells. */
	public record Spread(double median, double min, double max) {
	}

	/** Reads {@code results.json} of the run in {@code runDir}. */
	public static MeasuredCosts read(Path runDir) {
		Path file = runDir.resolve("results.json");
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("No results.json in " + runDir + ": give the folder of an experiment run"
					+ " (results/<timestamp>)");
		}
		JsonNode root;
		try {
			root = JsonMapper.builder().build().readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
		Map<String, Double> budgets = new LinkedHashMap<>();
		JsonNode budgetNode = root.path("cpuBudgets");
		budgetNode.path("budgets").properties().forEach((entry) -> budgets.put(entry.getKey(), entry.getValue().asDouble()));
		List<Cell> cells = new ArrayList<>();
		for (JsonNode cell : root.path("cells").values()) {
			double tps = cell.path("tps").asDouble(0);
			double seconds = cell.path("seconds").asDouble(0);
			if (!"issue".equals(cell.path("scenario").asString()) || tps <= 0 || seconds <= 0) {
				continue;
			}
			double answers = tps * seconds;
			Map<String, Double> millis = new LinkedHashMap<>();
			cell.path("cpuSeconds").properties().forEach((entry) -> {
				if (COMPONENTS.contains(entry.getKey())) {
					millis.put(entry.getKey(), entry.getValue().asDouble() * 1000 / answers);
				}
			});
			JsonNode shape = cell.path("cell");
			cells.add(new Cell(shape.path("index").asInt(), shape.path("replicas").asInt(), shape.path("vusers").asInt(),
					tps, cell.path("errors").asLong(0), cell.path("latencyMillis").path("p99").asLong(), millis));
		}
		if (cells.isEmpty()) {
			throw new IllegalArgumentException(file + " has no measured issue cell");
		}
		return new MeasuredCosts(runDir, budgets, budgetNode.path("enforced").asBoolean(false), cells);
	}

	/**
	 * A component's CPU per answer over the cells that measured it, those without errors only when there are any: an
	 * overloaded cell's timeouts and 503s still cost CPU, and a plan is for a suite that answers; empty if no cell
	 * measured the component.
	 */
	public Optional<Spread> of(String component) {
		boolean anyClean = this.cells.stream().anyMatch((cell) -> cell.errors() == 0);
		List<Double> values = this.cells.stream()
			.filter((cell) -> !anyClean || cell.errors() == 0)
			.map((cell) -> cell.millisPerAnswer().get(component))
			.filter((value) -> value != null && value > 0)
			.sorted()
			.toList();
		if (values.isEmpty()) {
			return Optional.empty();
		}
		int middle = values.size() / 2;
		double median = (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
		return Optional.of(new Spread(median, values.getFirst(), values.getLast()));
	}

	/** The run's budget of a component, {@code coupon-api-N} read as the replicas' budget. */
	public Optional<Double> budget(String component) {
		return Optional.ofNullable(this.budgets.get(component));
	}

}
