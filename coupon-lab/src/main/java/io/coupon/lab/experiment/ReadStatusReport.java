package io.coupon.lab.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.coupon.lab.check.Outcome;
import io.coupon.lab.check.ReadChecker;
import io.coupon.lab.check.ReadOutcome;

/**
 * The read-status cells' part of an {@link ExperimentReport}: their own tables, because their TPS counts requests
 * (two per iteration), their outcomes are reads, and their check is not the issuance invariants.
 */
final class ReadStatusReport {

	private ReadStatusReport() {
	}

	/** The read-status cells' table printed at the end of a run. */
	static String terminalTable(List<ReadCellResult> cells) {
		StringBuilder table = new StringBuilder("read-status (TPS = requests/s, 2 requests per iteration)\n");
		table.append(String.format("%-3s %-9s %-8s %4s %6s %9s %9s %8s %7s %7s %7s %8s %7s %-6s %s%n", "#", "strategy",
				"target", "api", "vusers", "TPS", "iter/s", "peak", "p50 ms", "p95 ms", "p99 ms", "requests", "errors",
				"check", "ISSUED/not-issued/PENDING"));
		for (ReadCellResult cell : cells) {
			ReadResult reads = cell.reads();
			table.append(String.format("%-3d %-9s %-8s %4d %6d %9.0f %9.0f %8d %7d %7d %7d %8d %7d %-6s %d/%d/%d%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), reads.tps(), reads.iterationsPerSecond(), reads.peakTps(),
					reads.latencies().p50(), reads.latencies().p95(), reads.latencies().p99(), reads.total(),
					reads.errors(), cell.passed() ? "PASS" : "FAIL",
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.ISSUED),
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.NOT_ISSUED),
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.PENDING)));
		}
		return table.toString();
	}

	/** The line printed as a read-status cell ends. */
	static String summaryLine(ReadCellResult cell) {
		ReadResult reads = cell.reads();
		ReadChecker.Verdict v = cell.verdict();
		return String.format(Locale.ROOT,
				"  => %,.0f requests/s (%,.0f iterations/s of 2 requests), p50 %d ms, p99 %d ms, %,d errors; status "
						+ "reads ISSUED %,d, not issued %,d, PENDING %,d; shares %s; read check %s (rows %,d -> %,d, "
						+ "Redis issued %,d -> %,d, oversold reads %d, answers contradicting MySQL %d)",
				reads.tps(), reads.iterationsPerSecond(), reads.latencies().p50(), reads.latencies().p99(),
				reads.errors(), reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.ISSUED),
				reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.NOT_ISSUED),
				reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.PENDING), ExperimentReport.shares(reads),
				v.passed() ? "PASS" : "FAIL", v.before().rows(), v.after().rows(), v.before().redisIssued(), v.after().redisIssued(),
				v.oversoldReads(), v.issuedWithoutRow() + v.notIssuedWithRow());
	}

	/** The throughput and outcome tables, with what a read-status cell does. */
	static void tables(StringBuilder md, ExperimentOptions options, List<ReadCellResult> readCells) {
		md.append("## Read status: throughput and latency\n\n");
		md.append("""
				A read-status cell runs `ngrinder/read-status.groovy`'s scenario. First, unmeasured, it issues its fresh \
				coupon to the users 1 to %,d (the first half of the users read; a stock below that leaves fewer \
				holders) with the issue scenario's own request, through the same target, and waits until MySQL holds \
				their rows. Then each iteration of a virtual user sends **2 requests**: `GET /api/v1/coupons/{id}` (the \
				counts), then `GET /api/v1/coupons/{id}/issues/{userId}` for a user drawn uniformly from 1 to %,d. \
				The warm-up reads the same coupon. *TPS* counts requests, both reads alike; *iterations/s* counts \
				status reads. Errors are answers the script fails: a count above the stock, and anything but 200 for \
				the coupon read, or 200 PENDING, 200 ISSUED and 404 issue-not-found for the status read. Latencies \
				are Gatling's response times of both requests, in milliseconds.

				""".formatted(options.seededReadUsers(), options.readUsers()));
		md.append("| # | strategy | target | replicas | vusers | warm-up s | TPS (requests/s) | iterations/s | peak TPS "
				+ "| mean ms | p50 | p95 | p99 | max | requests | errors |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (ReadCellResult cell : readCells) {
			ReadResult reads = cell.reads();
			Latencies latency = reads.latencies();
			md.append(String.format(Locale.ROOT,
					"| %d | %s | %s | %d | %d | %d | %,.0f | %,.0f | %,d | %.1f | %d | %d | %d | %d | %,d | %,d |%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), cell.warmup().toSeconds(), reads.tps(), reads.iterationsPerSecond(),
					reads.peakTps(), latency.mean(), latency.p50(), latency.p95(), latency.p99(), latency.max(),
					reads.total(), reads.errors()));
		}

		md.append("\n## Read status: answers by outcome\n\n");
		md.append("One row per request of the iteration; the outcomes are the script's. Latencies per request, in "
				+ "milliseconds.\n\n");
		md.append("| # | request | requests |");
		for (ReadOutcome outcome : ReadOutcome.values()) {
			md.append(' ').append(outcome.description()).append(" |");
		}
		md.append(" p50 | p95 | p99 |\n|---|---|---|").append("---|".repeat(ReadOutcome.values().length + 3)).append('\n');
		for (ReadCellResult cell : readCells) {
			for (ReadRequest request : ReadRequest.values()) {
				ReadResult reads = cell.reads();
				md.append(String.format(Locale.ROOT, "| %d | %s | %,d |", cell.cell().index(), request.label(),
						reads.requests(request)));
				for (ReadOutcome outcome : ReadOutcome.values()) {
					md.append(String.format(Locale.ROOT, " %,d |", reads.count(request, outcome)));
				}
				Latencies latency = reads.latenciesByRequest().get(request);
				md.append(String.format(Locale.ROOT, " %d | %d | %d |%n", latency.p50(), latency.p95(), latency.p99()));
			}
		}
	}

	/** What the read checker verified, and what it did not. */
	static void checkTable(StringBuilder md, List<ReadCellResult> readCells) {
		md.append("\n## Read status: what was checked\n\n");
		md.append("""
				A read-status cell sends no issue request while it is measured, so the issuance invariants I1-I5 are \
				not checked on it; nor is its seed (the issue cells check issuance). What is checked: the reads \
				changed nothing (MySQL's rows and Redis's issued count, taken after the seed was written and again \
				after the last read, are equal), the rows stay within the stock, no coupon read showed more issued \
				than the stock, and no status read contradicted MySQL (ISSUED for a user without a row, or \
				issue-not-found for a user with one). PENDING answers are counted, not failed: with the seed written, \
				they are grants whose publish was still unresolved.

				""");
		md.append("| # | stock | seed: users | issued | sold-out | errors | rows written after | rows before → after "
				+ "| Redis issued before → after | oversold reads | ISSUED without a row | issue-not-found with a row "
				+ "| PENDING | verdict |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (ReadCellResult cell : readCells) {
			ReadChecker.Verdict v = cell.verdict();
			IssueSeed.Result seed = cell.seed();
			md.append(String.format(Locale.ROOT,
					"| %d | %,d | %,d | %,d | %,d | %,d | %s | %,d → %,d | %,d → %,d | %,d | %,d | %,d | %,d | %s |%n",
					cell.cell().index(), v.stock(), seed.users(), seed.count(Outcome.ISSUED),
					seed.count(Outcome.SOLD_OUT), seed.errors(),
					cell.seedDrained() ? String.format(Locale.ROOT, "%.1fs", cell.seedDrainSeconds()) : "never",
					v.before().rows(), v.after().rows(), v.before().redisIssued(), v.after().redisIssued(),
					v.oversoldReads(), v.issuedWithoutRow(), v.notIssuedWithRow(), v.pending(),
					v.passed() ? "PASS" : "**FAIL**"));
		}
	}

	/** A read-status cell's numbers in {@code results.json}. */
	static void putRawData(Map<String, Object> entry, ReadCellResult cell) {
		ReadResult reads = cell.reads();
		entry.put("seconds", reads.seconds());
		entry.put("requestsPerIteration", ReadRequest.values().length);
		entry.put("tps", reads.tps());
		entry.put("iterationsPerSecond", reads.iterationsPerSecond());
		entry.put("peakTps", reads.peakTps());
		entry.put("totalRequests", reads.total());
		entry.put("errors", reads.errors());
		entry.put("outcomes", reads.outcomes());
		entry.put("instances", reads.instances());
		entry.put("latencyMillis", reads.latencies());
		entry.put("latencyMillisByRequest", reads.latenciesByRequest());
		Map<String, Object> seed = new LinkedHashMap<>();
		seed.put("users", cell.seed().users());
		seed.put("outcomes", cell.seed().outcomes());
		seed.put("drainSeconds", cell.seedDrained() ? cell.seedDrainSeconds() : null);
		entry.put("seed", seed);
		entry.put("verdict", cell.verdict());
		entry.put("passed", cell.verdict().passed());
	}

	// One row per read-status cell: TPS counts requests, two per iteration; the outcome columns are the status read's.
	static String csv(List<ReadCellResult> cells) {
		StringBuilder csv = new StringBuilder("cell,strategy,target,replicas,vusers,seconds,tps,iterations_per_s,"
				+ "peak_tps,mean_ms,p50_ms,p95_ms,p99_ms,max_ms,requests,errors,counts_ok,counts_oversold,"
				+ "status_pending,status_issued,status_not_issued,rows_before,rows_after,redis_issued_before,"
				+ "redis_issued_after,issued_without_row,not_issued_with_row,passed,suite_cpu_s,generator_cpu_s\n");
		for (ReadCellResult cell : cells) {
			ReadResult reads = cell.reads();
			Latencies l = reads.latencies();
			ReadChecker.Verdict v = cell.verdict();
			csv.append(String.format(Locale.ROOT,
					"%d,%s,%s,%d,%d,%.1f,%.1f,%.1f,%d,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%.2f,%.2f%n",
					cell.cell().index(), cell.cell().strategy(), cell.cell().target().label(), cell.cell().replicas(),
					cell.cell().vusers(), reads.seconds(), reads.tps(), reads.iterationsPerSecond(), reads.peakTps(),
					l.mean(), l.p50(), l.p95(), l.p99(), l.max(), reads.total(), reads.errors(),
					reads.count(ReadRequest.COUPON_COUNTS, ReadOutcome.COUNTS), reads.oversoldReads(),
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.PENDING),
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.ISSUED),
					reads.count(ReadRequest.ISSUE_STATUS, ReadOutcome.NOT_ISSUED), v.before().rows(), v.after().rows(),
					v.before().redisIssued(), v.after().redisIssued(), v.issuedWithoutRow(), v.notIssuedWithRow(),
					v.passed(), cell.suiteCpuSeconds(), cell.generatorCpuSeconds()));
		}
		return csv.toString();
	}

}
