package io.coupon.lab.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;

/**
 * The outcome of one fault run: what happened when, every answer, the checker's verdict and the fault's claims;
 * written as {@code report.md} and {@code timeline.csv}.
 *
 * @param coupon the measured coupon (0 for the bad-input table)
 * @param startNanos when the measured load started
 * @param drainSeconds how long after the load the rows stopped changing, or -1 if they never settled
 * @param badInputs the bad-input table's result, for that fault only
 */
public record ChaosReport(ChaosOptions options, long coupon, long startNanos, List<SteadyLoad.Answer> answers,
		List<Event> events, InvariantChecker.Verdict verdict, double drainSeconds, List<Claim> claims,
		BadInputs.Result badInputs) {

	static final String REPORT_FILE = "report.md";

	static final String TIMELINE_FILE = "timeline.csv";

	public ChaosReport {
		answers = List.copyOf(answers);
		events = List.copyOf(events);
		claims = List.copyOf(claims);
	}

	static ChaosReport forBadInputs(ChaosOptions options, BadInputs.Result result) {
		List<Claim> claims = new ArrayList<>();
		long wrong = result.rows().stream().filter((row) -> !row.asExpected()).count();
		claims.add(new Claim("every bad request got its stated 4xx problem detail", wrong == 0,
				wrong + " of " + result.rows().size() + " answered otherwise"));
		claims.add(new Claim("Redis, Kafka and MySQL are unchanged afterwards", result.unchanged(),
				result.stateDifference()));
		return new ChaosReport(options, 0, 0, List.of(), List.of(), null, 0, claims, result);
	}

	/** Whether every claim holds (the invariants are one of them). */
	public boolean passed() {
		return this.claims.stream().allMatch(Claim::holds);
	}

	/** The answers as the checker reads them. */
	static List<InvariantChecker.Request> requests(List<SteadyLoad.Answer> answers) {
		return answers.stream().map((answer) -> new InvariantChecker.Request(answer.userId(), outcome(answer))).toList();
	}

	static Outcome outcome(SteadyLoad.Answer answer) {
		return (answer.status() <= 0) ? Outcome.TIMED_OUT : Outcome.of(answer.status(), answer.problemType());
	}

	/** "last failed request sent +5.1 s from the fault; the next request sent 0.2 s later was answered 201" */
	static String recovery(List<SteadyLoad.Answer> answers, long injectedNanos, long lastErrorSentNanos) {
		String lastError = String.format("last failed request sent %+.1f s from the fault",
				(lastErrorSentNanos - injectedNanos) / 1e9);
		return answers.stream()
			.filter((answer) -> answer.sentNanos() > lastErrorSentNanos
					&& (answer.status() == 201 || Claims.isSoldOut(answer)))
			.findFirst()
			.map((answer) -> String.format("%s; the next request sent %.1f s later was answered %s", lastError,
					(answer.sentNanos() - lastErrorSentNanos) / 1e9, Claims.label(answer)))
			.orElse(lastError + "; no grant or sold-out answer after it");
	}

	/** "errors from +0.1 s to +5.3 s after the fault (5.2 s), 120 in all: 503 ... +Retry-After: 120" */
	String errorWindow() {
		List<SteadyLoad.Answer> errors = this.answers.stream().filter(SteadyLoad.Answer::isError).toList();
		if (errors.isEmpty()) {
			return "no errors";
		}
		long injected = Event.timeOf(this.events, Event.INJECTED, this.startNanos);
		long first = errors.stream().mapToLong(SteadyLoad.Answer::answeredNanos).min().orElseThrow();
		long last = errors.stream().mapToLong(SteadyLoad.Answer::answeredNanos).max().orElseThrow();
		return String.format("errors answered from %+.1f s to %+.1f s around the fault (%.1f s), %d in all: %s",
				(first - injected) / 1e9, (last - injected) / 1e9, (last - first) / 1e9, errors.size(),
				Claims.byStatus(errors));
	}

	/** One row per second of the load: what was answered in that second, by kind. */
	List<Second> timeline() {
		if (this.answers.isEmpty()) {
			return List.of();
		}
		long last = this.answers.stream().mapToLong(SteadyLoad.Answer::answeredNanos).max().orElseThrow();
		int seconds = (int) ((last - this.startNanos) / 1_000_000_000L) + 1;
		long[][] counts = new long[seconds][6];
		for (SteadyLoad.Answer answer : this.answers) {
			int second = (int) Math.max(0, (answer.answeredNanos() - this.startNanos) / 1_000_000_000L);
			int column = switch (outcome(answer)) {
				case ISSUED -> 0;
				case ALREADY_ISSUED, SOLD_OUT -> 1;
				case REJECTED -> 2;
				case FAILED -> answer.isExplicitUnavailable() ? 3 : 4;
				case TIMED_OUT -> 5;
			};
			counts[second][column]++;
		}
		List<Second> timeline = new ArrayList<>();
		for (int i = 0; i < seconds; i++) {
			long[] c = counts[i];
			timeline.add(new Second(i, c[0], c[1], c[2], c[3], c[4], c[5]));
		}
		return timeline;
	}

	String terminalSummary() {
		StringBuilder text = new StringBuilder();
		text.append(String.format("%nChaos %s (%s): %s%n", this.options.fault().id(), this.options.fault().requirement(),
				passed() ? "PASS" : "FAIL"));
		this.events.forEach((event) -> text.append(String.format("  %6.1f s  %s%n", event.atSeconds(), event.what())));
		if (this.verdict != null) {
			text.append("  ").append(this.answers.size()).append(" requests; ").append(errorWindow()).append('\n');
			text.append(String.format("  rows settled %s%n", (this.drainSeconds >= 0)
					? String.format("%.1f s after the load", this.drainSeconds) : "never (timed out)"));
		}
		if (this.badInputs != null) {
			this.badInputs.rows()
				.forEach((row) -> text.append(String.format("  %-4s %-58s -> %s%n", row.asExpected() ? "ok" : "FAIL",
						row.input().description(), row.answer())));
		}
		this.claims.forEach((claim) -> text.append(String.format("  [%s] %s: %s%n", claim.holds() ? "PASS" : "FAIL",
				claim.name(), claim.detail())));
		return text.toString();
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		ChaosOptions o = this.options;
		md.append("# Chaos run: ").append(o.fault().id()).append(" (").append(o.fault().requirement()).append(")\n\n");
		md.append("**").append(passed() ? "PASS" : "FAIL").append("**: ").append(o.fault().description()).append(".\n\n");
		if (o.fault().underLoad()) {
			md.append(String.format("Load: %d requests/s of new users through the gateway for %d s (at most %d in "
					+ "flight, client timeout %d s), coupon %d with stock %,d, %d replicas; the fault at %d s for %d s.%n%n",
					o.rate(), o.duration().toSeconds(), o.concurrency(), o.requestTimeout().toSeconds(), this.coupon,
					o.stock(), o.replicas(), o.faultAt().toSeconds(), o.downtime().toSeconds()));
			md.append("| time | event |\n|---:|---|\n");
			this.events.forEach((event) -> md.append(String.format("| %.1f s | %s |%n", event.atSeconds(), event.what())));
			md.append("\n").append(this.answers.size()).append(" requests; ").append(errorWindow()).append(".\n\n");
			md.append("Checker: `").append(this.verdict).append("`\n\n");
			md.append(String.format("Rows settled: %s.%n%n", (this.drainSeconds >= 0)
					? String.format("%.1f s after the load", this.drainSeconds) : "never (timed out)"));
		}
		md.append("| claim | holds | measured |\n|---|---|---|\n");
		this.claims.forEach((claim) -> md.append("| ").append(claim.name()).append(" | ")
			.append(claim.holds() ? "yes" : "**no**").append(" | ").append(claim.detail()).append(" |\n"));
		if (this.badInputs != null) {
			md.append("\n| request | expected | answered | as expected |\n|---|---|---|---|\n");
			this.badInputs.rows()
				.forEach((row) -> md.append("| ").append(row.input().description()).append(" | ")
					.append(row.input().expectation()).append(" | ").append(row.answer()).append(" | ")
					.append(row.asExpected() ? "yes" : "**no**").append(" |\n"));
			md.append("\nState before: `").append(this.badInputs.before()).append("`\n\nState after: `")
				.append(this.badInputs.after()).append("`\n");
		}
		if (!this.answers.isEmpty()) {
			md.append("\nPer second (").append(TIMELINE_FILE).append(" has the same): issued, refused (409), "
					+ "rejected (other 4xx), 503 with Retry-After, other 5xx, timeouts and broken connections.\n");
		}
		return md.toString();
	}

	void write(Path dir) {
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(REPORT_FILE), markdown());
			StringBuilder csv = new StringBuilder(
					"second,issued,refused,rejected,unavailable_retry_after,other_5xx,timeout_or_broken\n");
			timeline().forEach((s) -> csv.append(String.format("%d,%d,%d,%d,%d,%d,%d%n", s.second(), s.issued(),
					s.refused(), s.rejected(), s.unavailable(), s.otherErrors(), s.timedOut())));
			Files.writeString(dir.resolve(TIMELINE_FILE), csv);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the chaos report to " + dir, ex);
		}
	}

	/** Something that happened to the suite during the load. */
	record Event(String kind, String what, long atNanos, double atSeconds) {

		Event(String kind, String what, long atNanos, long startNanos) {
			this(kind, what, atNanos, (atNanos - startNanos) / 1e9);
		}

		static final String INJECTED = "injected";

		static final String HEALING = "healing";

		static final String HEALED = "healed";

		static final String OBSERVED = "observed";

		/** When the first event of {@code kind} happened ({@link System#nanoTime()}), or {@code fallback}. */
		static long timeOf(List<Event> events, String kind, long fallback) {
			return events.stream()
				.filter((event) -> event.kind().equals(kind))
				.mapToLong(Event::atNanos)
				.findFirst()
				.orElse(fallback);
		}

		static Event now(String kind, String what, long startNanos) {
			return new Event(kind, what, System.nanoTime(), startNanos);
		}

	}

	/** A promise of the fault run and whether it held. */
	public record Claim(String name, boolean holds, String detail) {

	}

	/** Answers received in one second of the load. */
	record Second(int second, long issued, long refused, long rejected, long unavailable, long otherErrors,
			long timedOut) {

	}

}
