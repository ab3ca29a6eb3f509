package io.coupon.lab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of one {@code ./coupon bench gateway} run: a terminal table, {@code report.md} and
 * {@code results.json}, with the ratios of cases measured in the same run (the numbers that compare on a noisy
 * machine).
 */
final class BenchReport {

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final BenchOptions options;

	private final Instant startedAt;

	private final Map<String, Object> machine;

	private final List<String> notes = new ArrayList<>();

	private final List<BenchResult> results = new ArrayList<>();

	private String loadAverageBefore;

	private String loadAverageAfter;

	/** One ratio of two cases of this run. */
	record Ratio(String name, double value) {
	}

	BenchReport(BenchOptions options, Instant startedAt, Map<String, Object> machine) {
		this.options = options;
		this.startedAt = startedAt;
		this.machine = machine;
	}

	void add(BenchResult result) {
		this.results.add(result);
	}

	/** A line the report states as it is (for instance, why nginx was not measured). */
	void note(String note) {
		this.notes.add(note);
	}

	/** The machine's load averages (/proc/loadavg) before and after: it may be shared with other work. */
	void loadAverages(String before, String after) {
		this.loadAverageBefore = before;
		this.loadAverageAfter = after;
	}

	List<BenchResult> results() {
		return List.copyOf(this.results);
	}

	List<String> notes() {
		return List.copyOf(this.notes);
	}

	/** Every ratio the run's cases allow, in a stable order. */
	List<Ratio> ratios() {
		List<Ratio> ratios = new ArrayList<>();
		Optional<BenchResult> direct = find(BenchCase.Path.DIRECT, null);
		Optional<BenchResult> nginx = find(BenchCase.Path.NGINX, null);
		for (BenchResult gateway : this.results) {
			if (!gateway.path().viaGateway() || isVariant(gateway)) {
				continue;
			}
			direct.filter((d) -> d.answersPerSecond() > 0)
				.ifPresent((d) -> ratios.add(new Ratio(gateway.label() + " / direct, answers/s",
						gateway.answersPerSecond() / d.answersPerSecond())));
			nginx.filter((n) -> n.answersPerSecond() > 0)
				.ifPresent((n) -> ratios.add(new Ratio(gateway.label() + " / nginx hop, answers/s",
						gateway.answersPerSecond() / n.answersPerSecond())));
			nginx.flatMap(BenchResult::proxyCpuPerAnswer)
				.filter((cpu) -> cpu > 0)
				.flatMap((nginxCpu) -> gateway.proxyCpuPerAnswer().map((cpu) -> cpu / nginxCpu))
				.ifPresent((ratio) -> ratios.add(new Ratio(gateway.label() + " / nginx hop, CPU per answer", ratio)));
		}
		for (BenchCase.Path mode : List.of(BenchCase.Path.SECURED, BenchCase.Path.TRUSTED)) {
			Optional<BenchResult> baseline = find(mode, BenchCase.BASELINE);
			Optional<BenchResult> candidate = find(mode, BenchCase.CANDIDATE);
			if (baseline.isEmpty() || candidate.isEmpty()) {
				continue;
			}
			BenchResult b = baseline.get();
			BenchResult c = candidate.get();
			if (b.answersPerSecond() > 0) {
				ratios.add(new Ratio(mode.label() + " candidate / baseline, answers/s",
						c.answersPerSecond() / b.answersPerSecond()));
			}
			b.proxyCpuPerAnswer()
				.filter((cpu) -> cpu > 0)
				.flatMap((baseCpu) -> c.proxyCpuPerAnswer().map((cpu) -> cpu / baseCpu))
				.ifPresent((ratio) -> ratios
					.add(new Ratio(mode.label() + " candidate / baseline, gateway CPU per answer", ratio)));
		}
		ratios.addAll(variantRatios());
		return ratios;
	}

	/**
	 * Each variant against the default gateway of the same run: against the mean of every default measurement, and
	 * against the mean of the defaults measured just before and just after it (the machine in nearly the same state).
	 */
	private List<Ratio> variantRatios() {
		List<Ratio> ratios = new ArrayList<>();
		List<BenchResult> defaults = this.results.stream().filter((each) -> BenchCase.DEFAULT.equals(each.jar()))
			.toList();
		if (defaults.isEmpty()) {
			return ratios;
		}
		for (int i = 0; i < this.results.size(); i++) {
			BenchResult variant = this.results.get(i);
			if (!isVariant(variant) || !variant.path().viaGateway()) {
				continue;
			}
			List<BenchResult> neighbours = new ArrayList<>();
			nearestDefault(i, -1).ifPresent(neighbours::add);
			nearestDefault(i, 1).ifPresent(neighbours::add);
			addVariantRatios(ratios, variant, "all " + defaults.size() + " defaults", defaults);
			addVariantRatios(ratios, variant, "neighbouring defaults", neighbours);
		}
		return ratios;
	}

	private static boolean isVariant(BenchResult result) {
		return result.jar() != null && !List.of(BenchCase.DEFAULT, BenchCase.BASELINE, BenchCase.CANDIDATE)
			.contains(result.jar());
	}

	private Optional<BenchResult> nearestDefault(int from, int step) {
		for (int i = from + step; i >= 0 && i < this.results.size(); i += step) {
			if (BenchCase.DEFAULT.equals(this.results.get(i).jar())) {
				return Optional.of(this.results.get(i));
			}
		}
		return Optional.empty();
	}

	private static void addVariantRatios(List<Ratio> ratios, BenchResult variant, String against,
			List<BenchResult> defaults) {
		double answers = defaults.stream().mapToDouble(BenchResult::answersPerSecond).average().orElse(0);
		double cpu = defaults.stream()
			.flatMap((each) -> each.proxyCpuPerAnswer().stream())
			.mapToDouble(Double::doubleValue)
			.average()
			.orElse(0);
		if (answers > 0) {
			ratios.add(new Ratio(variant.jar() + " / " + against + ", answers/s", variant.answersPerSecond() / answers));
		}
		if (cpu > 0) {
			variant.proxyCpuPerAnswer()
				.ifPresent((each) -> ratios
					.add(new Ratio(variant.jar() + " / " + against + ", gateway CPU per answer", each / cpu)));
		}
	}

	private Optional<BenchResult> find(BenchCase.Path path, String jar) {
		return this.results.stream()
			.filter((each) -> each.path() == path && (jar == null || jar.equals(each.jar())))
			.findFirst();
	}

	String terminalTable() {
		StringBuilder out = new StringBuilder();
		out.append(String.format("%-40s %10s %8s %8s %8s %9s %16s %13s%n", "CASE", "ANSWERS/S", "P50 MS", "P99 MS",
				"NON-2XX", "TIMEOUTS", "PROXY µs/ANSWER", "STAND-IN µs"));
		for (BenchResult result : this.results) {
			out.append(String.format(Locale.ROOT, "%-40s %,10.0f %8d %8d %,8d %,9d %16s %13s%n", result.label(),
					result.answersPerSecond(), result.p50Millis(), result.p99Millis(), result.non2xx(),
					result.timeouts(), proxyCpu(result), micros(result.cpuPerAnswer("stand-in"))));
		}
		List<Ratio> ratios = ratios();
		if (!ratios.isEmpty()) {
			out.append(System.lineSeparator()).append("Ratios (same run):").append(System.lineSeparator());
			for (Ratio ratio : ratios) {
				out.append(String.format(Locale.ROOT, "  %-80s %6.2f%n", ratio.name(), ratio.value()));
			}
		}
		for (String note : this.notes) {
			out.append(note).append(System.lineSeparator());
		}
		return out.toString();
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Gateway benchmark ").append(this.startedAt).append("\n\n");
		md.append(String.format(Locale.ROOT,
				"%d virtual users (closed model, each on its own connection, every request a new user with a freshly "
						+ "signed HS256 token), %ds warm-up and %ds measured per case. The upstream is the lab's "
						+ "stand-in replica (registered in Eureka as coupon-api, nothing behind it).%n%n",
				this.options.vusers(), this.options.warmup().toSeconds(), this.options.duration().toSeconds()));
		if (this.options.hasBaseline()) {
			md.append("Baseline: ")
				.append((this.options.baselineJar() != null) ? "`" + this.options.baselineJar() + "`" : "the project's jar")
				.append(this.options.baselineEnvironment().isEmpty() ? ""
						: " with " + new TreeMap<>(this.options.baselineEnvironment()))
				.append("; candidate: the project's jar.\n\n");
		}
		if (!this.options.variants().isEmpty()) {
			md.append("Variants (secured, against the default gateway; ").append(this.options.rounds())
				.append(" round(s)):\n\n");
			this.options.variants()
				.forEach((variant) -> md.append("- ").append(variant.name()).append(": `")
					.append(new TreeMap<>(variant.environment())).append("`\n"));
			md.append("\n");
		}
		List<String> facts = new ArrayList<>();
		this.machine.forEach((name, value) -> facts.add(name + " " + value));
		md.append("Machine: ").append(String.join(", ", facts)).append(". Load average (1, 5, 15 min) before: ")
			.append(this.loadAverageBefore)
			.append(", after: ")
			.append(this.loadAverageAfter)
			.append(". The load generator, the stand-in, the gateway and nginx share this machine.\n\n");
		md.append("| case | answers/s | p50 ms | p99 ms | non-2xx | timeouts | proxy CPU µs/answer | stand-in CPU "
				+ "µs/answer | load generator CPU µs/answer |\n");
		md.append("|---|---|---|---|---|---|---|---|---|\n");
		for (BenchResult result : this.results) {
			md.append(String.format(Locale.ROOT, "| %s | %,.0f | %d | %d | %,d | %,d | %s | %s | %s |%n",
					result.label(), result.answersPerSecond(), result.p50Millis(), result.p99Millis(), result.non2xx(),
					result.timeouts(), proxyCpu(result), micros(result.cpuPerAnswer("stand-in")),
					micros(result.cpuPerAnswer("load generator"))));
		}
		md.append("\nThe proxy is the gateway JVM or nginx (master and worker); direct has none (-). CPU is user + "
				+ "system time of the process and its children (/proc/<pid>/stat) between the start and the end of "
				+ "the measurement, divided by the answers.\n");
		List<Ratio> ratios = ratios();
		if (!ratios.isEmpty()) {
			md.append("\n## Ratios (cases of this run)\n\n| ratio | value |\n|---|---|\n");
			for (Ratio ratio : ratios) {
				md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", ratio.name(), ratio.value()));
			}
		}
		if (!this.notes.isEmpty()) {
			md.append("\n");
			this.notes.forEach((note) -> md.append(note).append("\n\n"));
		}
		return md.toString();
	}

	/** Writes report.md and results.json into {@code dir}. */
	void write(Path dir) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("startedAt", this.startedAt.toString());
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("vusers", this.options.vusers());
		options.put("warmupSeconds", this.options.warmup().toSeconds());
		options.put("durationSeconds", this.options.duration().toSeconds());
		options.put("nginx", this.options.nginx().name().toLowerCase(Locale.ROOT));
		options.put("baselineJar", (this.options.baselineJar() != null) ? this.options.baselineJar().toString() : null);
		options.put("baselineEnvironment", this.options.baselineEnvironment());
		options.put("variants", this.options.variants());
		options.put("rounds", this.options.rounds());
		document.put("options", options);
		document.put("machine", this.machine);
		document.put("loadAverageBefore", this.loadAverageBefore);
		document.put("loadAverageAfter", this.loadAverageAfter);
		List<Map<String, Object>> cases = new ArrayList<>();
		for (BenchResult result : this.results) {
			Map<String, Object> each = new LinkedHashMap<>();
			each.put("case", result.label());
			each.put("path", result.path().name().toLowerCase(Locale.ROOT));
			each.put("jar", result.jar());
			each.put("seconds", result.seconds());
			each.put("answers", result.answers());
			each.put("answersPerSecond", result.answersPerSecond());
			each.put("non2xx", result.non2xx());
			each.put("timeouts", result.timeouts());
			each.put("p50Millis", result.p50Millis());
			each.put("p99Millis", result.p99Millis());
			each.put("cpuMicros", result.cpuMicros());
			each.put("proxyCpuMicrosPerAnswer", result.proxyCpuPerAnswer().orElse(null));
			cases.add(each);
		}
		document.put("cases", cases);
		document.put("ratios", ratios());
		document.put("notes", this.notes);
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("report.md"), markdown());
			Files.writeString(dir.resolve("results.json"), json.writeValueAsString(document));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the report into " + dir, ex);
		}
	}

	private static String proxyCpu(BenchResult result) {
		return (result.path() == BenchCase.Path.DIRECT) ? "-" : micros(result.proxyCpuPerAnswer());
	}

	private static String micros(Optional<Double> value) {
		return value.map((micros) -> String.format(Locale.ROOT, "%,.0f", micros)).orElse("-");
	}

}
