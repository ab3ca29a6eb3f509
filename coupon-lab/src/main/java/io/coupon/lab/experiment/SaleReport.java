package io.coupon.lab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.cpu.SuiteCpuBudgets;
import io.coupon.lab.cpu.Throttling;
import io.coupon.lab.cpu.ThrottlingReport;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results folder of one sale: {@code report.md}, the same numbers in {@code results.json}, every user's history
 * in {@code users.csv} (the fairness can be recomputed from it), and Gatling's HTML report under {@code gatling/}.
 *
 * @param warmup how long the suite was loaded before the sale
 * @param drainSeconds seconds from the end of the load until MySQL held a row for every slot Redis granted, or
 * negative when it did not within {@link Experiment#DRAIN_TIMEOUT}
 * @param cpu CPU time during the sale's load, by process group, the load generator included
 * @param throttling how the kernel throttled each budgeted component during the sale's load
 * @param gatlingReport Gatling's HTML report folder, relative to the results folder (null if none)
 */
public record SaleReport(SaleOptions options, Path dir, Instant startedAt, long couponId, Duration warmup,
		SaleResult sale, InvariantChecker.Verdict verdict, long redisIssued, double drainSeconds,
		Map<String, Duration> cpu, SuiteCpuBudgets budgets, Map<String, Throttling> throttling, String gatlingReport) {

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	public Path reportFile() {
		return this.dir.resolve("report.md");
	}

	/** The invariant checker's verdict: nothing lost, duplicated or issued past the stock. */
	public boolean passed() {
		return this.verdict.passed();
	}

	void write() {
		try {
			Files.createDirectories(this.dir);
			Files.writeString(this.dir.resolve("results.json"), json.writeValueAsString(rawData()));
			Files.writeString(this.dir.resolve("users.csv"), usersCsv());
			Files.writeString(reportFile(), markdown());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the report in " + this.dir, ex);
		}
	}

	/** The line printed when the sale ends. */
	String summaryLine() {
		return String.format(Locale.ROOT, "%s; checker %s (lost %d, duplicated %d, over-issued %d)",
				loadLine(this.sale), this.verdict.passed() ? "PASS" : "FAIL", this.verdict.lost(),
				this.verdict.duplicated(), this.verdict.overIssued());
	}

	/** What the load saw, printed as soon as it ends (before the checks, which need the suite to answer again). */
	static String loadLine(SaleResult sale) {
		Fairness fairness = sale.fairness();
		Latencies latency = sale.latencies();
		return String.format(Locale.ROOT,
				"  => sold out %s; users: %s; %,d retries; attempts p50 %d ms, p99 %d ms; fairness window %.1f ms, "
						+ "%,d inversions",
				sellOut(sale), usersLine(sale), sale.retries(), latency.p50(), latency.p99(), fairness.windowMillis(),
				fairness.inversions());
	}

	private String sellOut() {
		return sellOut(this.sale);
	}

	private static String sellOut(SaleResult sale) {
		return sale.sellOutMillis().stream()
			.mapToObj((millis) -> String.format(Locale.ROOT, "in %,.0f ms", millis))
			.findFirst()
			.orElse("never (no user was told sold-out)");
	}

	private static String usersLine(SaleResult sale) {
		StringBuilder line = new StringBuilder();
		sale.usersByAnswer().forEach((answer, count) -> line.append(line.isEmpty() ? "" : ", ")
			.append(answer.label()).append(' ').append(String.format(Locale.ROOT, "%,d", count)));
		return line.toString();
	}

	String markdown() {
		SaleOptions o = this.options;
		SaleResult s = this.sale;
		Fairness fairness = s.fairness();
		StringBuilder md = new StringBuilder();
		md.append("# Coupon lab sale (").append(o.shape().label()).append("), ").append(this.startedAt).append("\n\n");
		md.append(Machine.describe()).append("\n\n");
		md.append(String.format(Locale.ROOT, """
				Settings: %s; %,d users, each new, each sending one issue request for coupon %d (stock %,d); an open \
				model: a user arrives once, whatever the others are waiting for. A user sends its request again when \
				the answer was a 502, 503, 504 or nothing within %ds, after %d ms, then twice as long for each further retry \
				(plus up to half of it at random), at most %d times; it does not read `Retry-After`. Before the sale \
				the suite was loaded for %ds by %d closed-model virtual users on a coupon of their own.

				""", o.label(), o.totalUsers(), this.couponId, o.stock(), o.requestTimeout().toSeconds(),
				o.backoff().toMillis(), o.retries(), this.warmup.toSeconds(), GatlingLoad.COLD_VUSERS));

		md.append("## Outcome\n\n");
		md.append(String.format(Locale.ROOT, "Time to sell out: **%s** (from the first user's arrival to the answer "
				+ "that gave the last coupon). The load lasted %.1f s.%n%n", sellOut(), s.seconds()));
		md.append("| answers | ");
		for (SaleAnswer answer : SaleAnswer.values()) {
			md.append(answer.label()).append(" | ");
		}
		md.append("all |\n|---|").append("---|".repeat(SaleAnswer.values().length + 1)).append('\n');
		md.append(row("users, by their last answer", s.usersByAnswer(), s.users().size()));
		md.append(row("attempts, retries included", s.attempts(), s.requests().size()));
		md.append(String.format(Locale.ROOT, "%n%,d retries; %,d users ended without a right answer (a 429; a 502, 503, "
				+ "504 or a timeout after the last retry; an error). *already-issued* after a retry: the earlier "
				+ "attempt took the coupon, its answer was lost.%n%n", s.retries(), s.usersWithoutAnswer()));

		md.append("## Latency\n\n");
		md.append("| milliseconds | count | mean | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|\n");
		md.append(latencyRow("each attempt's response time (Gatling's)", s.latencies()));
		md.append(latencyRow("each user's wait, first send to last answer (S3's measure)", s.userWaits()));

		md.append("\n## First come, first served\n\n");
		md.append(String.format(Locale.ROOT, """
				A user's time is its **first send** (when it joined the queue; a retry does not move it back). \
				Winners: the %,d users who hold the coupon (issued, or already-issued on a retry). Losers: the %,d \
				users whose last answer was sold-out. Users who ended with neither count on neither side.

				| fairness window ms | inversions | winner-loser pairs |
				|---|---|---|
				| %.1f | %,d | %,d |

				*Window*: the latest first send among winners minus the earliest first send among losers (0 when \
				every winner sent before every loser: perfectly fair). *Inversions*: pairs of a winner and a loser \
				where the winner sent strictly later.

				""", fairness.winners(), fairness.losers(), fairness.windowMillis(), fairness.inversions(),
				fairness.winners() * fairness.losers()));

		md.append("## Invariants (I1-I5)\n\n");
		InvariantChecker.Verdict v = this.verdict;
		md.append("| check | rows | Redis issued | lost | duplicated | over-issued | unexpected | indeterminate "
				+ "| confirmed twice | stranded | drained |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
		md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %d | %d | %d | %d | %d | %d | %s |%n",
				v.passed() ? "PASS" : "FAIL", v.rows(), this.redisIssued, v.lost(), v.duplicated(), v.overIssued(),
				v.unexpected(), v.indeterminate(), v.usersConfirmedTwice(), v.stranded(),
				(this.drainSeconds >= 0) ? String.format(Locale.ROOT, "%.1fs", this.drainSeconds) : "no"));
		md.append("\nThe checker reads every attempt (retries included) against the rows in MySQL, as after every "
				+ "experiment cell.\n");

		md.append("\n## CPU during the sale's load\n\n| process | CPU s |\n|---|---|\n");
		new TreeMap<>(this.cpu).forEach((group, used) -> md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", group,
				used.toNanos() / 1e9)));
		ThrottlingReport.append(md, this.budgets, List.of(new ThrottlingReport.Span("sale",
				new TreeMap<>(this.throttling))));
		md.append("\nEach replica's share of the attempts: ").append(shares()).append(".\n");
		if (this.gatlingReport != null) {
			md.append("\nGatling's report: [").append(this.gatlingReport).append("](").append(this.gatlingReport)
				.append("/index.html); every user's history: `users.csv`.\n");
		}
		return md.toString();
	}

	private static String row(String label, Map<SaleAnswer, Long> counts, long all) {
		StringBuilder row = new StringBuilder("| ").append(label).append(" | ");
		for (SaleAnswer answer : SaleAnswer.values()) {
			row.append(String.format(Locale.ROOT, "%,d", counts.getOrDefault(answer, 0L))).append(" | ");
		}
		return row.append(String.format(Locale.ROOT, "%,d", all)).append(" |\n").toString();
	}

	private static String latencyRow(String label, Latencies l) {
		return String.format(Locale.ROOT, "| %s | %,d | %.1f | %d | %d | %d | %d |%n", label, l.count(), l.mean(),
				l.p50(), l.p95(), l.p99(), l.max());
	}

	private String shares() {
		long total = this.sale.instances().values().stream().mapToLong(Long::longValue).sum();
		StringBuilder shares = new StringBuilder();
		new TreeMap<>(this.sale.instances()).forEach((instance, count) -> shares.append(shares.isEmpty() ? "" : ", ")
			.append(String.format(Locale.ROOT, "%s %.1f%%", instance, (total > 0) ? 100.0 * count / total : 0)));
		return shares.toString();
	}

	private String usersCsv() {
		StringBuilder csv = new StringBuilder("user,first_sent_ms,answered_ms,attempts,answer\n");
		long start = this.sale.startNanos();
		this.sale.users().stream()
			.sorted((a, b) -> Long.compare(a.firstSentNanos(), b.firstSentNanos()))
			.forEach((user) -> csv.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%s%n", user.userId(),
					(user.firstSentNanos() - start) / 1e6, (user.answeredNanos() - start) / 1e6, user.attempts(),
					user.answer().label())));
		return csv.toString();
	}

	private Map<String, Object> rawData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("startedAt", this.startedAt.toString());
		data.put("machine", Machine.facts());
		data.put("options", this.options);
		data.put("couponId", this.couponId);
		data.put("warmupSeconds", this.warmup.toSeconds());
		data.put("seconds", this.sale.seconds());
		data.put("sellOutMillis", this.sale.sellOutMillis().isPresent() ? this.sale.sellOutMillis().getAsDouble() : null);
		data.put("usersByAnswer", this.sale.usersByAnswer());
		data.put("attemptsByAnswer", this.sale.attempts());
		data.put("retries", this.sale.retries());
		data.put("attemptLatencyMillis", this.sale.latencies());
		data.put("userWaitMillis", this.sale.userWaits());
		data.put("fairness", this.sale.fairness());
		data.put("verdict", this.verdict);
		data.put("passed", this.verdict.passed());
		data.put("redisIssued", this.redisIssued);
		data.put("drainSeconds", (this.drainSeconds >= 0) ? this.drainSeconds : null);
		Map<String, Double> cpuSeconds = new TreeMap<>();
		this.cpu.forEach((group, used) -> cpuSeconds.put(group, used.toNanos() / 1e9));
		data.put("cpuSeconds", cpuSeconds);
		data.put("cpuBudgets", this.budgets.describe());
		data.put("cpuThrottling", new TreeMap<>(this.throttling));
		data.put("instances", this.sale.instances());
		data.put("gatlingReport", this.gatlingReport);
		return data;
	}

}
