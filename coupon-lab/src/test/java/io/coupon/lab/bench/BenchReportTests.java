package io.coupon.lab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenchReportTests {

	@TempDir
	Path dir;

	@Test
	void shouldDivideEachProcessesCpuByTheAnswers() {
		// 10 s, 20,000 answers of which 5 not 2xx, plus 3 timeouts; the gateway used 4 s of CPU.
		BenchResult result = result("gateway secured", BenchCase.Path.SECURED, null, 20_000, 5, 4_000_000);

		assertThat(result.answersPerSecond()).isEqualTo(2_000.0);
		assertThat(result.proxyCpuPerAnswer()).hasValue(200.0);
		assertThat(result.cpuPerAnswer("stand-in")).hasValue(50.0);
		assertThat(result.cpuPerAnswer("nginx")).isEmpty();
	}

	@Test
	void shouldGiveTheRatiosOfTheCasesOfOneRun() {
		BenchReport report = report();

		assertThat(report.ratios()).extracting(BenchReport.Ratio::name)
			.containsExactly("gateway secured (baseline) / direct, answers/s",
					"gateway secured (baseline) / nginx hop, answers/s",
					"gateway secured (baseline) / nginx hop, CPU per answer",
					"gateway secured (candidate) / direct, answers/s",
					"gateway secured (candidate) / nginx hop, answers/s",
					"gateway secured (candidate) / nginx hop, CPU per answer",
					"gateway secured candidate / baseline, answers/s",
					"gateway secured candidate / baseline, gateway CPU per answer");
		Map<String, Double> ratios = new java.util.HashMap<>();
		report.ratios().forEach((ratio) -> ratios.put(ratio.name(), ratio.value()));
		// direct 8,000/s; nginx 6,000/s at 50 µs; baseline 1,000/s at 800 µs; candidate 2,000/s at 400 µs.
		assertThat(ratios.get("gateway secured (candidate) / direct, answers/s")).isEqualTo(0.25);
		assertThat(ratios.get("gateway secured (candidate) / nginx hop, CPU per answer")).isCloseTo(8.0, within(1e-9));
		assertThat(ratios.get("gateway secured candidate / baseline, answers/s")).isEqualTo(2.0);
		assertThat(ratios.get("gateway secured candidate / baseline, gateway CPU per answer")).isCloseTo(0.5,
				within(1e-9));
	}

	@Test
	void shouldWriteTheSameNumbersToTheTerminalTheReportAndTheRawData() throws Exception {
		BenchReport report = report();
		report.note("nginx note");

		report.write(this.dir);

		String markdown = Files.readString(this.dir.resolve("report.md"));
		assertThat(markdown).contains("| gateway secured (candidate) | 2,000 | 3 | 9 | 5 | 3 | 400 | 50 | 100 |")
			.contains("| direct | 8,000 | 3 | 9 | 5 | 3 | - | 50 | 100 |")
			.contains("| gateway secured candidate / baseline, gateway CPU per answer | 0.50 |")
			.contains("Load average (1, 5, 15 min) before: 1.00 1.00 1.00, after: 2.00 2.00 2.00")
			.contains("nginx note");
		assertThat(report.terminalTable()).contains("gateway secured (candidate)")
			.contains("2,000")
			.contains("0.50")
			.contains("nginx note");
		JsonNode json = JsonMapper.builder().build().readTree(Files.readString(this.dir.resolve("results.json")));
		assertThat(json.get("cases")).hasSize(4);
		JsonNode candidate = json.get("cases").get(3);
		assertThat(candidate.get("case").asString()).isEqualTo("gateway secured (candidate)");
		assertThat(candidate.get("proxyCpuMicrosPerAnswer").asDouble()).isEqualTo(400.0);
		assertThat(candidate.get("cpuMicros").get("gateway").asLong()).isEqualTo(8_000_000);
		assertThat(json.get("ratios")).hasSize(8);
		assertThat(json.get("options").get("vusers").asInt()).isEqualTo(100);
	}

	@Test
	void shouldGiveEachVariantAgainstAllDefaultsAndAgainstTheDefaultsBesideIt() {
		BenchReport report = new BenchReport(BenchOptions.defaults(), Instant.parse("2026-12-01T10:00:00Z"),
				Map.of("cores", 2));
		// Defaults at 1,000/s and 500 µs, then 3,000/s and 300 µs; a variant between them at 2,500/s and 200 µs.
		report.add(result("gateway secured (default)", BenchCase.Path.SECURED, BenchCase.DEFAULT, 10_000, 0,
				5_000_000));
		report.add(result("gateway secured (v)", BenchCase.Path.SECURED, "v", 25_000, 0, 5_000_000));
		report.add(result("gateway secured (default)", BenchCase.Path.SECURED, BenchCase.DEFAULT, 30_000, 0,
				9_000_000));
		report.add(result("gateway secured (default)", BenchCase.Path.SECURED, BenchCase.DEFAULT, 20_000, 0,
				8_000_000));

		Map<String, Double> ratios = new java.util.LinkedHashMap<>();
		report.ratios().forEach((ratio) -> ratios.put(ratio.name(), ratio.value()));

		assertThat(ratios).containsOnlyKeys("v / all 3 defaults, answers/s", "v / all 3 defaults, gateway CPU per answer",
				"v / neighbouring defaults, answers/s", "v / neighbouring defaults, gateway CPU per answer");
		assertThat(ratios.get("v / neighbouring defaults, answers/s")).isCloseTo(1.25, within(1e-9));
		assertThat(ratios.get("v / neighbouring defaults, gateway CPU per answer")).isCloseTo(0.5, within(1e-9));
		assertThat(ratios.get("v / all 3 defaults, answers/s")).isCloseTo(1.25, within(1e-9));
		assertThat(ratios.get("v / all 3 defaults, gateway CPU per answer")).isCloseTo(200.0 / 400.0, within(1e-9));
	}

	private static BenchReport report() {
		BenchReport report = new BenchReport(BenchOptions.defaults(), Instant.parse("2026-12-01T10:00:00Z"),
				Map.of("cores", 2));
		report.add(result("direct", BenchCase.Path.DIRECT, null, 80_000, 5, 0));
		report.add(result("nginx hop", BenchCase.Path.NGINX, null, 60_000, 5, 3_000_000));
		report.add(result("gateway secured (baseline)", BenchCase.Path.SECURED, BenchCase.BASELINE, 10_000, 5,
				8_000_000));
		report.add(result("gateway secured (candidate)", BenchCase.Path.SECURED, BenchCase.CANDIDATE, 20_000, 5,
				8_000_000));
		report.loadAverages("1.00 1.00 1.00", "2.00 2.00 2.00");
		return report;
	}

	/** 10 s measured, p50 3 ms, p99 9 ms, 3 timeouts; the stand-in at 50 µs and the generator at 100 µs an answer. */
	private static BenchResult result(String label, BenchCase.Path path, String jar, long answers, long non2xx,
			long proxyMicros) {
		Map<String, Long> cpu = new java.util.LinkedHashMap<>();
		cpu.put("stand-in", answers * 50);
		if (path != BenchCase.Path.DIRECT) {
			cpu.put(path.process(), proxyMicros);
		}
		cpu.put("load generator", answers * 100);
		return new BenchResult(label, path, jar, Duration.ofSeconds(10).toSeconds(), answers, non2xx, 3, 3, 9, cpu);
	}

}
