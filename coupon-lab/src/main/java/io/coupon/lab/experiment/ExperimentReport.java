package io.coupon.lab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.coupon.lab.check.Outcome;
import io.coupon.lab.cpu.SuiteCpuBudgets;
import io.coupon.lab.cpu.Throttling;
import io.coupon.lab.cpu.ThrottlingReport;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results folder of one experiment: {@code report.md}, the same numbers as {@code results.json} and
 * {@code cells.csv} (issue cells) or {@code read-cells.csv} (read-status cells), each second's counts in
 * {@code timeline.csv}, PNG charts, and Gatling's HTML reports under {@code gatling/}. Every number in the report
 * comes from these records. Issue and read-status cells have tables of their own: their throughput, outcomes and
 * checks mean different things.
 */
public final class ExperimentReport {

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/** Processes in the order the report lists them. */
	private static final List<String> GROUPS = List.of("gateway", "coupon-api", "coupon-worker", "kafka", "redis",
			"mariadb", "discovery-server");

	private final ExperimentOptions options;

	private final Path dir;

	private final Instant startedAt;

	// Every cell in the order it ran, of either scenario.
	private final List<MeasuredCell> cells = new ArrayList<>();

	private SuiteCpuBudgets cpuBudgets = SuiteCpuBudgets.none();

	// Each cell's throttling during its measurement, by cell index.
	private final Map<Integer, Map<String, Throttling>> throttling = new TreeMap<>();

	ExperimentReport(ExperimentOptions options, Path dir, Instant startedAt) {
		this.options = options;
		this.dir = dir;
		this.startedAt = startedAt;
	}

	/** The issue cells. */
	public List<CellResult> cells() {
		return of(CellResult.class);
	}

	/** The read-status cells. */
	public List<ReadCellResult> readCells() {
		return of(ReadCellResult.class);
	}

	/** Whether every cell's checker passed. */
	public boolean passed() {
		return this.cells.stream().allMatch(MeasuredCell::passed);
	}

	private <T extends MeasuredCell> List<T> of(Class<T> type) {
		return this.cells.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public Path dir() {
		return this.dir;
	}

	public Path reportFile() {
		return this.dir.resolve("report.md");
	}

	void add(MeasuredCell cell) {
		this.cells.add(cell);
	}

	/** The CPU budgets the suite ran under. */
	void cpuBudgets(SuiteCpuBudgets budgets) {
		this.cpuBudgets = budgets;
	}

	/** How the kernel throttled each budgeted component during one cell's measurement. */
	void addThrottling(int cellIndex, Map<String, Throttling> during) {
		this.throttling.put(cellIndex, Map.copyOf(during));
	}

	/** What {@link #addThrottling} recorded for a cell (empty when nothing was budgeted). */
	public Map<String, Throttling> throttling(int cellIndex) {
		return this.throttling.getOrDefault(cellIndex, Map.of());
	}

	/** Writes (or rewrites) every file of the report from the cells measured so far. */
	void write() {
		try {
			Files.createDirectories(this.dir);
			Files.writeString(this.dir.resolve("results.json"), json.writeValueAsString(rawData()));
			Files.writeString(this.dir.resolve("cells.csv"), cellsCsv());
			if (!readCells().isEmpty()) {
				Files.writeString(this.dir.resolve("read-cells.csv"), ReadStatusReport.csv(readCells()));
			}
			Files.writeString(this.dir.resolve("timeline.csv"), timelineCsv());
			List<String> charts = Charts.write(this.dir, this.cells);
			Files.writeString(reportFile(), markdown(charts));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the report in " + this.dir, ex);
		}
	}

	/** The tables printed at the end of a run: the same numbers as the report's first tables. */
	public String terminalTable() {
		StringBuilder table = new StringBuilder();
		if (!cells().isEmpty()) {
			table.append(issueTerminalTable());
		}
		if (!readCells().isEmpty()) {
			table.append(cells().isEmpty() ? "" : "\n").append(ReadStatusReport.terminalTable(readCells()));
		}
		return table.toString();
	}

	private String issueTerminalTable() {
		StringBuilder table = new StringBuilder();
		table.append(String.format("%-3s %-9s %-8s %4s %6s %9s %9s %8s %7s %7s %7s %8s %7s %-6s %s%n", "#", "strategy",
				"target", "api", "vusers", "TPS", "issued/s", "peak", "p50 ms", "p95 ms", "p99 ms", "tests", "errors",
				"check", "lost/dup/over"));
		for (CellResult cell : cells()) {
			LoadResult load = cell.load();
			table.append(String.format("%-3d %-9s %-8s %4d %6d %9.0f %9.0f %8d %7d %7d %7d %8d %7d %-6s %d/%d/%d%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), load.tps(), load.issuedPerSecond(), load.peakTps(), load.latencies().p50(),
					load.latencies().p95(), load.latencies().p99(), load.total(), load.errors(),
					cell.verdict().passed() ? "PASS" : "FAIL", cell.verdict().lost(), cell.verdict().duplicated(),
					cell.verdict().overIssued()));
		}
		return table.toString();
	}

	static String summaryLine(CellResult cell) {
		LoadResult load = cell.load();
		return String.format(Locale.ROOT,
				"  => %,.0f TPS, %,.0f issued/s, p50 %d ms, p99 %d ms, %,d errors; shares %s; checker %s "
						+ "(lost %d, duplicated %d, over-issued %d); drained %s; CPU per answer: gateway %s ms, api %s ms",
				load.tps(), load.issuedPerSecond(), load.latencies().p50(), load.latencies().p99(), load.errors(),
				shares(load), cell.verdict().passed() ? "PASS" : "FAIL", cell.verdict().lost(),
				cell.verdict().duplicated(), cell.verdict().overIssued(), drain(cell),
				number(cell.cpuMillisPerAnswer("gateway")), number(cell.cpuMillisPerAnswer("coupon-api")));
	}

	private String markdown(List<String> charts) {
		List<CellResult> issueCells = cells();
		List<ReadCellResult> readCells = readCells();
		StringBuilder md = new StringBuilder();
		md.append("# Coupon lab experiment, ").append(this.startedAt).append("\n\n");
		md.append(Machine.describe()).append("\n\n");
		md.append("Settings: ").append(settings()).append(".\n\n");
		if (!issueCells.isEmpty()) {
			md.append("""
					Every issue cell ran on a fresh coupon after an unmeasured warm-up on a coupon of its own. TPS counts \
					every answer, whatever it said (as the origin's nGrinder TPS did); *issued/s* counts only 201 answers. \
					Errors are answers other than issued, already-issued and sold-out: other 4xx, 5xx, and no answer \
					within %ds. Latencies are Gatling's response times, in milliseconds.

					""".formatted(this.options.requestTimeout().toSeconds()));
			issueTables(md, issueCells);
			PathCosts.appendTable(md, issueCells);
			ScalingSeries.appendTable(md, ScalingSeries.of(issueCells));
		}
		if (!readCells.isEmpty()) {
			md.append(issueCells.isEmpty() ? "" : "\n");
			ReadStatusReport.tables(md, this.options, readCells);
		}

		md.append("\n## Each replica's share of the answers\n\n");
		md.append("`(none)`: answered by the gateway itself, or by nothing.\n\n");
		md.append("| # | shares |\n|---|---|\n");
		for (MeasuredCell cell : this.cells) {
			md.append("| ").append(cell.cell().index()).append(" | ").append(shares(cell.measured())).append(" |\n");
		}

		if (!issueCells.isEmpty()) {
			invariantsTable(md, issueCells);
		}
		if (!readCells.isEmpty()) {
			ReadStatusReport.checkTable(md, readCells);
		}

		md.append("\n## CPU during the measurement\n\n");
		if (!issueCells.isEmpty()) {
			md.append("CPU seconds per 1,000 issued coupons, by process (the replicas added up), as the operating system "
					+ "counts them (user + system). The load generator (Gatling, in the lab's JVM) shares the machine: "
					+ "its share is of all the CPU time spent.\n\n");
			cpuTable(md, issueCells);
		}
		if (!readCells.isEmpty()) {
			md.append(issueCells.isEmpty() ? "" : "\n")
				.append("Read-status cells: CPU seconds per 1,000 requests (two per iteration), by process (the "
						+ "replicas added up), as the operating system counts them (user + system); the load "
						+ "generator's share is of all the CPU time spent.\n\n");
			cpuTable(md, readCells);
		}

		ThrottlingReport.append(md, this.cpuBudgets, this.throttling.entrySet()
			.stream()
			.map((entry) -> new ThrottlingReport.Span(entry.getKey().toString(), new TreeMap<>(entry.getValue())))
			.toList());

		if (!charts.isEmpty()) {
			md.append("\n## Charts\n\n");
			charts.forEach((chart) -> md.append("![").append(chart).append("](").append(chart).append(")\n\n"));
		}
		md.append("## Files\n\n");
		md.append("- `results.json`: every number above, per cell; `timeline.csv`: answers, issued and errors in each "
				+ "second of each measurement (a read-status cell's answers are requests, and its issued column is "
				+ "empty)\n");
		if (!issueCells.isEmpty()) {
			md.append("- `cells.csv`: one row per issue cell\n");
		}
		if (!readCells.isEmpty()) {
			md.append("- `read-cells.csv`: one row per read-status cell\n");
		}
		for (MeasuredCell cell : this.cells) {
			if (cell.gatlingReport() != null) {
				String phases = (cell.cell().scenario() == Scenario.ISSUE) ? "its *warmup* and *issue* requests"
						: "its *warmup* and *read* requests";
				md.append("- cell ").append(cell.cell().index()).append(", Gatling's report: [")
					.append(cell.gatlingReport()).append("/index.html](").append(cell.gatlingReport())
					.append("/index.html) (").append(phases).append(" are the two phases)\n");
			}
		}
		return md.toString();
	}

	private void issueTables(StringBuilder md, List<CellResult> issueCells) {
		md.append("## Throughput and latency\n\n");
		md.append("| # | strategy | target | replicas | vusers | warm-up s | TPS | peak TPS | issued/s | mean ms | p50 | p95 "
				+ "| p99 | max | total tests | errors |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (CellResult cell : issueCells) {
			LoadResult load = cell.load();
			Latencies latency = load.latencies();
			md.append(String.format(Locale.ROOT,
					"| %d | %s | %s | %d | %d | %d | %,.0f | %,d | %,.0f | %.1f | %d | %d | %d | %d | %,d | %,d |%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), cell.warmup().toSeconds(), load.tps(), load.peakTps(), load.issuedPerSecond(), latency.mean(),
					latency.p50(), latency.p95(), latency.p99(), latency.max(), load.total(), load.errors()));
		}

		md.append("\n## Answers by outcome\n\n");
		md.append("| # | issued | already-issued | sold-out | other 4xx | 5xx | no answer (timeout or connection error) |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		for (CellResult cell : issueCells) {
			LoadResult load = cell.load();
			md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %,d | %,d | %,d |%n", cell.cell().index(),
					load.count(Outcome.ISSUED), load.count(Outcome.ALREADY_ISSUED), load.count(Outcome.SOLD_OUT),
					load.count(Outcome.REJECTED), load.count(Outcome.FAILED), load.count(Outcome.TIMED_OUT)));
		}
	}

	private void invariantsTable(StringBuilder md, List<CellResult> issueCells) {
		md.append("\n## Invariants (I1-I5 of docs/invariants.md), against the rows in MySQL\n\n");
		md.append("| # | stock | Redis issued count | rows | lost | duplicated | over-issued | indeterminate | unexpected | "
				+ "confirmed twice | stranded | verdict | rows caught up after |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (CellResult cell : issueCells) {
			var v = cell.verdict();
			md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %d | %d | %d | %d | %d | %d | %d | %s | %s |%n",
					cell.cell().index(), v.stock(), cell.redisIssued(), v.rows(), v.lost(), v.duplicated(),
					v.overIssued(), v.indeterminate(), v.unexpected(), v.usersConfirmedTwice(), v.stranded(),
					v.passed() ? "PASS" : "**FAIL**", drain(cell)));
		}
		md.append("\n*Rows caught up*: seconds from the end of the load until MySQL held a row for every slot Redis "
				+ "counted (at most the stock). *Confirmed twice* and *stranded* are the origin set-incr design's "
				+ "violations: users told twice that they got the coupon, and stock left unissued although users kept "
				+ "asking.\n");
	}

	private void cpuTable(StringBuilder md, List<? extends MeasuredCell> cells) {
		List<String> groups = cpuGroups();
		md.append("| # | ").append(String.join(" | ", groups))
			.append(" | suite | gateway ms/answer | api ms/answer | load generator share | machine busy |\n");
		md.append("|---|").append("---|".repeat(groups.size() + 5)).append("\n");
		for (MeasuredCell cell : cells) {
			md.append("| ").append(cell.cell().index()).append(" | ");
			for (String group : groups) {
				Duration cpu = cell.cpu().getOrDefault(group, Duration.ZERO);
				md.append(number(cell.cpuPerThousand(MeasuredCell.seconds(cpu)))).append(" | ");
			}
			double capacity = Machine.cores() * cell.measured().seconds();
			md.append(number(cell.cpuPerThousand(cell.suiteCpuSeconds())))
				.append(" | ")
				.append(number(cell.cpuMillisPerAnswer("gateway")))
				.append(" | ")
				.append(number(cell.cpuMillisPerAnswer("coupon-api")))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.0f%%", 100 * cell.generatorShare()))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%.0f%%",
						100 * (cell.suiteCpuSeconds() + cell.generatorCpuSeconds()) / capacity))
				.append(" |\n");
		}
		md.append("\n*ms/answer*: CPU milliseconds per answer of any kind, the price of one request at that hop; the "
				+ "api column adds up the replicas.\n\n");
		for (MeasuredCell cell : cells) {
			md.append("- ").append(perAnswerLine(cell)).append("\n");
		}
	}

	/** The gateway's CPU per answer beside the replicas', and their ratio: what the issue's target compares. */
	static String perAnswerLine(MeasuredCell cell) {
		double gateway = cell.cpuMillisPerAnswer("gateway");
		double api = cell.cpuMillisPerAnswer("coupon-api");
		String ratio = (Double.isNaN(gateway) || Double.isNaN(api) || api == 0) ? ""
				: String.format(Locale.ROOT, " (gateway / api %.2f)", gateway / api);
		return String.format(Locale.ROOT, "cell %d (%s): CPU per answer, gateway %s ms, api replicas %s ms%s",
				cell.cell().index(), cell.cell().target().label(), number(gateway), number(api), ratio);
	}

	private List<String> cpuGroups() {
		Set<String> groups = new LinkedHashSet<>();
		for (String group : GROUPS) {
			if (this.cells.stream().anyMatch((cell) -> cell.cpu().containsKey(group))) {
				groups.add(group);
			}
		}
		this.cells.forEach((cell) -> cell.cpu()
			.keySet()
			.stream()
			.filter((group) -> !group.equals(ProcessCpu.GENERATOR))
			.forEach(groups::add));
		return List.copyOf(groups);
	}

	private String settings() {
		ExperimentOptions o = this.options;
		String reads = o.scenarios().contains(Scenario.READ_STATUS)
				? String.format(Locale.ROOT, " (read-status: users 1 to %,d read, 1 to %,d seeded)", o.readUsers(),
						o.seededReadUsers())
				: "";
		return String.format(Locale.ROOT,
				"scenarios %s, warm-up %ds (%ds more, with at most %d virtual users, for a cell with a newly started "
						+ "JVM in its path) and measurement %ds per cell, stock %,d per cell, users %s%s, request "
						+ "timeout %ds, closed model (each virtual user on its own connection sends its next request "
						+ "once the last is answered)",
				String.join(", ", o.scenarios().stream().map(Scenario::label).toList()), o.warmup().toSeconds(),
				o.coldWarmup().toSeconds(), GatlingLoad.COLD_VUSERS, o.duration().toSeconds(), o.stock(),
				o.users().label(), reads, o.requestTimeout().toSeconds());
	}

	/** Each replica's share of the answers. */
	static String shares(MeasuredLoad load) {
		long total = load.total();
		List<String> parts = new ArrayList<>();
		new TreeMap<>(load.instances())
			.forEach((instance, count) -> parts.add(String.format(Locale.ROOT, "%s %.1f%%", instance,
					(total > 0) ? 100.0 * count / total : 0)));
		return String.join(", ", parts);
	}

	private static String drain(CellResult cell) {
		return cell.drained() ? String.format(Locale.ROOT, "%.1fs", cell.drainSeconds())
				: "never: " + Math.max(0, Math.min(cell.redisIssued(), cell.verdict().stock()) - cell.verdict().rows())
						+ " short";
	}

	private static Double finiteOrNull(double value) {
		return Double.isFinite(value) ? value : null;
	}

	private static String number(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
	}

	private Map<String, Object> rawData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("startedAt", this.startedAt.toString());
		data.put("machine", Machine.facts());
		data.put("options", this.options);
		if (!this.cpuBudgets.budgets().isEmpty()) {
			// ./coupon plan predicts a run's cells from these and another run's costs.
			Map<String, Object> budgets = new LinkedHashMap<>();
			budgets.put("budgets", this.cpuBudgets.budgets().byComponent());
			budgets.put("enforced", this.cpuBudgets.enforced());
			budgets.put("startBoost", this.cpuBudgets.startBoost());
			data.put("cpuBudgets", budgets);
		}
		List<Map<String, Object>> cells = new ArrayList<>();
		for (MeasuredCell measured : this.cells) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("cell", measured.cell());
			entry.put("scenario", measured.cell().scenario().label());
			entry.put("couponId", measured.couponId());
			if (measured instanceof CellResult cell) {
				LoadResult load = cell.load();
				entry.put("seconds", load.seconds());
				entry.put("tps", load.tps());
				entry.put("peakTps", load.peakTps());
				entry.put("issuedPerSecond", load.issuedPerSecond());
				entry.put("totalTests", load.total());
				entry.put("errors", load.errors());
				entry.put("outcomes", load.outcomes());
				entry.put("instances", load.instances());
				entry.put("latencyMillis", load.latencies());
				entry.put("verdict", cell.verdict());
				entry.put("passed", cell.verdict().passed());
				entry.put("redisIssued", cell.redisIssued());
				entry.put("drainSeconds", cell.drained() ? cell.drainSeconds() : null);
			}
			else if (measured instanceof ReadCellResult cell) {
				ReadStatusReport.putRawData(entry, cell);
			}
			Map<String, Double> cpu = new LinkedHashMap<>();
			measured.cpu().forEach((group, duration) -> cpu.put(group, MeasuredCell.seconds(duration)));
			entry.put("cpuSeconds", cpu);
			entry.put("gatewayCpuMillisPerAnswer", finiteOrNull(measured.cpuMillisPerAnswer("gateway")));
			entry.put("apiCpuMillisPerAnswer", finiteOrNull(measured.cpuMillisPerAnswer("coupon-api")));
			Map<String, Throttling> throttled = throttling(measured.cell().index());
			if (!throttled.isEmpty()) {
				entry.put("cpuThrottling", new TreeMap<>(throttled));
			}
			entry.put("gatlingReport", measured.gatlingReport());
			entry.put("answersTimeline", measured.measured().answersTimeline());
			if (measured instanceof CellResult cell) {
				entry.put("issuedTimeline", cell.load().issuedTimeline());
			}
			entry.put("errorsTimeline", measured.measured().errorsTimeline());
			cells.add(entry);
		}
		data.put("cells", cells);
		return data;
	}

	private String cellsCsv() {
		StringBuilder csv = new StringBuilder("cell,strategy,target,replicas,vusers,seconds,tps,peak_tps,issued_per_s,"
				+ "mean_ms,p50_ms,p95_ms,p99_ms,max_ms,total,issued,already_issued,sold_out,other_4xx,5xx,no_answer,"
				+ "rows,lost,duplicated,over_issued,indeterminate,passed,drain_s,suite_cpu_s,generator_cpu_s\n");
		for (CellResult cell : cells()) {
			LoadResult load = cell.load();
			Latencies l = load.latencies();
			var v = cell.verdict();
			csv.append(String.format(Locale.ROOT,
					"%d,%s,%s,%d,%d,%.1f,%.1f,%d,%.1f,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%.2f,%.2f%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), load.seconds(), load.tps(), load.peakTps(), load.issuedPerSecond(), l.mean(),
					l.p50(), l.p95(), l.p99(), l.max(), load.total(), load.count(Outcome.ISSUED),
					load.count(Outcome.ALREADY_ISSUED), load.count(Outcome.SOLD_OUT), load.count(Outcome.REJECTED),
					load.count(Outcome.FAILED), load.count(Outcome.TIMED_OUT), v.rows(), v.lost(), v.duplicated(),
					v.overIssued(), v.indeterminate(), v.passed(),
					cell.drained() ? String.format(Locale.ROOT, "%.2f", cell.drainSeconds()) : "",
					cell.suiteCpuSeconds(), cell.generatorCpuSeconds()));
		}
		return csv.toString();
	}

	private String timelineCsv() {
		StringBuilder csv = new StringBuilder("cell,second,answers,issued,errors\n");
		for (MeasuredCell cell : this.cells) {
			MeasuredLoad load = cell.measured();
			List<Long> issued = (cell instanceof CellResult issueCell) ? issueCell.load().issuedTimeline() : null;
			for (int second = 0; second < load.answersTimeline().size(); second++) {
				csv.append(cell.cell().index())
					.append(',')
					.append(second)
					.append(',')
					.append(load.answersTimeline().get(second))
					.append(',')
					.append((issued != null) ? issued.get(second).toString() : "")
					.append(',')
					.append(load.errorsTimeline().get(second))
					.append('\n');
			}
		}
		return csv.toString();
	}

}
