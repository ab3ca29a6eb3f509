package io.coupon.lab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentReportTests {

	@TempDir
	Path dir;

	@Test
	void shouldWriteTheSameNumbersToTheReportTheRawDataAndTheTerminal() throws Exception {
		ExperimentOptions options = ExperimentOptions.demo();
		ExperimentReport report = new ExperimentReport(options, this.dir, Instant.parse("2026-11-22T10:00:00Z"));
		report.add(cell(1, 2, 4_000, 1_000));
		report.add(cell(2, 3, 6_000, 1_500));

		report.write();

		String markdown = Files.readString(report.reportFile());
		// Cell 2: 6,000 issued + 1,500 sold out in 2 s = 3,750 TPS, 3,000 issued/s.
		assertThat(markdown).contains("| 2 | lua | gateway | 3 | 100 | 10 | 3,750 |")
			.contains("coupon-api:8101 50.0%, coupon-api:8102 50.0%")
			.contains("| 2 | 6,000 | 0 | 1,500 | 0 | 0 | 0 |")
			.contains("PASS")
			.contains("0.5s");
		JsonNode json = JsonMapper.builder().build().readTree(Files.readString(this.dir.resolve("results.json")));
		assertThat(json.get("cells")).hasSize(2);
		assertThat(json.get("cells").get(1).get("tps").asDouble()).isEqualTo(3750.0);
		assertThat(json.get("cells").get(1).get("verdict").get("lost").asLong()).isZero();
		assertThat(Files.readAllLines(this.dir.resolve("cells.csv"))).hasSize(3)
			.element(2)
			.asString()
			.startsWith("2,lua,gateway,3,100,2.0,3750.0,");
		assertThat(Files.readAllLines(this.dir.resolve("timeline.csv"))).contains("2,1,7500,6000,0");
		assertThat(report.terminalTable()).contains("3750").contains("3000").contains("PASS");
		for (String chart : List.of(Charts.TPS_VS_VUSERS, Charts.LATENCY, Charts.TPS_OVER_TIME)) {
			byte[] png = Files.readAllBytes(this.dir.resolve(chart));
			assertThat(png).hasSizeGreaterThan(1000);
			assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
			assertThat(markdown).contains("![" + chart + "](" + chart + ")");
		}
	}

	@Test
	void shouldStateTheGatewaysCpuPerAnswerBesideTheReplicas() throws Exception {
		ExperimentReport report = new ExperimentReport(ExperimentOptions.demo(), this.dir, Instant.now());
		// 5,000 answers; the gateway used 1 s of CPU, the replicas 2 s together.
		CellResult viaGateway = cell(1, 2, 4_000, 1_000);
		CellResult direct = new CellResult(
				new ExperimentOptions.Cell(2, "lua", Target.DIRECT, 2, 100, Scenario.ISSUE), viaGateway.warmup(), 2,
				viaGateway.load(), viaGateway.verdict(), 4_000, 0.5, viaGateway.cpu(), null);
		report.add(viaGateway);
		report.add(direct);

		report.write();

		String markdown = Files.readString(report.reportFile());
		assertThat(markdown).contains("| suite | gateway ms/answer | api ms/answer | load generator share |")
			.contains("| 0.750 | 0.200 | 0.400 |")
			.contains("cell 1 (gateway): CPU per answer, gateway 0.200 ms, api replicas 0.400 ms (gateway / api 0.50)")
			.as("a cell sent around the gateway does not price it")
			.contains("cell 2 (direct): CPU per answer, gateway - ms, api replicas 0.400 ms\n");
		assertThat(ExperimentReport.summaryLine(viaGateway)).contains("CPU per answer: gateway 0.200 ms, api 0.400 ms");
		JsonNode cells = JsonMapper.builder().build().readTree(Files.readString(this.dir.resolve("results.json")))
			.get("cells");
		assertThat(cells.get(0).get("gatewayCpuMillisPerAnswer").asDouble()).isEqualTo(0.2);
		assertThat(cells.get(0).get("apiCpuMillisPerAnswer").asDouble()).isEqualTo(0.4);
		assertThat(cells.get(1).get("gatewayCpuMillisPerAnswer").isNull()).isTrue();
	}

	@Test
	void shouldMarkAViolationInTheReport() throws Exception {
		ExperimentReport report = new ExperimentReport(ExperimentOptions.demo(), this.dir, Instant.now());
		CellResult clean = cell(1, 2, 10, 0);
		InvariantChecker.Verdict overIssued = InvariantChecker.check(5,
				List.of(new InvariantChecker.Request(1, Outcome.ISSUED)), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L));
		report.add(new CellResult(clean.cell(), clean.warmup(), 7, clean.load(), overIssued, 7, -1, clean.cpu(), null));

		report.write();

		assertThat(Files.readString(report.reportFile())).contains("**FAIL**").contains("never: 0 short");
	}

	@Test
	void shouldReportAReadCellInTablesOfItsOwnWithRequestsAsTps() throws Exception {
		ExperimentOptions options = ExperimentOptions.demo()
			.withScenarios(List.of(Scenario.ISSUE, Scenario.READ_STATUS))
			.withUsers(new UserMode(200));
		ExperimentReport report = new ExperimentReport(options, this.dir, Instant.parse("2026-11-22T10:00:00Z"));
		report.add(cell(1, 2, 4_000, 1_000));
		report.add(readCell(2, new ReadChecker.State(100, 100)));

		report.write();

		String markdown = Files.readString(report.reportFile());
		// 3,000 iterations of 2 requests in 2 s: 3,000 requests/s, 1,500 iterations/s.
		assertThat(markdown).contains("## Read status: throughput and latency")
			.contains("**2 requests**")
			.contains("| 2 | lua | gateway | 2 | 100 | 10 | 3,000 | 1,500 | 6,000 |")
			.contains("| 2 | GET issue status | 3,000 | 0 | 0 | 0 | 1,400 | 1,600 | 0 |")
			.contains("| 2 | 1,000,000 | 100 | 100 | 0 | 0 | 0.2s | 100 → 100 | 100 → 100 | 0 | 0 | 0 | 0 | PASS |")
			.contains("users 1 to 200 read, 1 to 100 seeded");
		String invariants = markdown.substring(markdown.indexOf("## Invariants"),
				markdown.indexOf("##", markdown.indexOf("## Invariants") + 2));
		assertThat(invariants).as("no issuance check is claimed for the read cell").contains("| 1 |").doesNotContain("| 2 |");
		assertThat(Files.readAllLines(this.dir.resolve("cells.csv"))).hasSize(2);
		assertThat(Files.readAllLines(this.dir.resolve("read-cells.csv"))).hasSize(2)
			.element(1)
			.asString()
			.startsWith("2,lua,gateway,2,100,2.0,3000.0,1500.0,6000,");
		assertThat(Files.readAllLines(this.dir.resolve("timeline.csv"))).contains("2,1,6000,,0");
		JsonNode read = JsonMapper.builder().build().readTree(Files.readString(this.dir.resolve("results.json")))
			.get("cells")
			.get(1);
		assertThat(read.get("scenario").asString()).isEqualTo("read-status");
		assertThat(read.get("tps").asDouble()).isEqualTo(3000.0);
		assertThat(read.get("iterationsPerSecond").asDouble()).isEqualTo(1500.0);
		assertThat(read.get("verdict").get("after").get("rows").asLong()).isEqualTo(100);
		assertThat(read.get("passed").asBoolean()).isTrue();
		assertThat(report.cells()).hasSize(1);
		assertThat(report.readCells()).hasSize(1);
		assertThat(report.passed()).isTrue();
		assertThat(report.terminalTable()).contains("read-status (TPS = requests/s, 2 requests per iteration)")
			.contains("1400/1600/0");
		assertThat(ReadStatusReport.summaryLine(report.readCells().getFirst())).contains("3,000 requests/s")
			.contains("1,500 iterations/s")
			.contains("read check PASS");
	}

	@Test
	void shouldLeaveTheIssueTablesOutOfAReadOnlyReportAndMarkAChangedState() throws Exception {
		ExperimentReport report = new ExperimentReport(
				ExperimentOptions.demo().withScenarios(List.of(Scenario.READ_STATUS)), this.dir, Instant.now());
		report.add(readCell(1, new ReadChecker.State(101, 101)));

		report.write();

		String markdown = Files.readString(report.reportFile());
		assertThat(markdown).doesNotContain("## Throughput and latency")
			.doesNotContain("## Invariants")
			.contains("## Read status: what was checked")
			.contains("100 → 101")
			.contains("**FAIL**");
		assertThat(this.dir.resolve("cells.csv")).content().hasLineCount(1);
		assertThat(report.passed()).isFalse();
	}

	// A read cell: 3,000 iterations in 2 s, 1,400 of its status reads ISSUED, 1,600 not issued; 100 rows seeded
	// before the reads, `after` after them.
	private static ReadCellResult readCell(int index, ReadChecker.State after) {
		Map<ReadRequest, Map<ReadOutcome, Long>> outcomes = Map.of(ReadRequest.COUPON_COUNTS,
				Map.of(ReadOutcome.COUNTS, 3_000L), ReadRequest.ISSUE_STATUS,
				Map.of(ReadOutcome.ISSUED, 1_400L, ReadOutcome.NOT_ISSUED, 1_600L));
		Latencies latency = new Latencies(6_000, 3.5, 3, 8, 12, 40);
		ReadResult reads = new ReadResult(2.0, outcomes, Map.of("coupon-api:8101", 3_000L, "coupon-api:8102", 3_000L),
				latency, Map.of(ReadRequest.COUPON_COUNTS, latency, ReadRequest.ISSUE_STATUS, latency),
				List.of(0L, 6_000L), List.of(0L, 0L), List.of());
		ReadChecker.State before = new ReadChecker.State(100, 100);
		List<Long> rows = new ArrayList<>();
		for (long user = 1; user <= after.rows(); user++) {
			rows.add(user);
		}
		ReadChecker.Verdict verdict = ReadChecker.check(1_000_000, before, after, 0, List.of(), rows);
		IssueSeed.Result seed = new IssueSeed.Result(100, Map.of(Outcome.ISSUED, 100L));
		return new ReadCellResult(new ExperimentOptions.Cell(index, "lua", Target.GATEWAY, 2, 100, Scenario.READ_STATUS),
				Duration.ofSeconds(10), 9, seed, 0.2, reads, verdict,
				Map.of("gateway", Duration.ofSeconds(1), "coupon-api", Duration.ofSeconds(2), ProcessCpu.GENERATOR,
						Duration.ofMillis(500)),
				null);
	}

	// A cell of `seconds` 2 whose answers all came from two replicas, in equal parts, all in the second second.
	private static CellResult cell(int index, int replicas, long issued, long soldOut) {
		long total = issued + soldOut;
		LoadResult load = new LoadResult(2.0,
				Map.of(Outcome.ISSUED, issued, Outcome.SOLD_OUT, soldOut, Outcome.ALREADY_ISSUED, 0L,
						Outcome.REJECTED, 0L, Outcome.FAILED, 0L, Outcome.TIMED_OUT, 0L),
				Map.of("coupon-api:8101", total / 2, "coupon-api:8102", total - total / 2),
				new Latencies(total, 12.5, 10, 30, 45, 80), List.of(0L, total), List.of(0L, issued), List.of(0L, 0L),
				List.of());
		InvariantChecker.Verdict verdict = InvariantChecker.check(1_000_000, List.of(), List.of());
		return new CellResult(new ExperimentOptions.Cell(index, "lua", Target.GATEWAY, replicas, 100, Scenario.ISSUE),
				Duration.ofSeconds(10), index, load,
				verdict, issued, 0.5,
				Map.of("gateway", Duration.ofSeconds(1), "coupon-api", Duration.ofSeconds(2),
						ProcessCpu.GENERATOR, Duration.ofMillis(500)),
				null);
	}

}
