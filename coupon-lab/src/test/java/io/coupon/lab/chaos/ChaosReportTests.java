package io.coupon.lab.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.check.InvariantChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The claims and the report, from constructed answers: what a fault run concludes from what the load saw. */
class ChaosReportTests {

	private static final long SECOND = 1_000_000_000L;

	private static final String UNAVAILABLE = "https://coupon.example/problems/unavailable";

	private static final String SOLD_OUT = "https://coupon.example/problems/sold-out";

	@Test
	void shouldPassAKafkaRunWhoseErrorsWereAll503WithRetryAfterAndThatIssuedAgain() {
		List<SteadyLoad.Answer> answers = new ArrayList<>();
		answers.add(answer(1, 0.5, 201, null, false));
		answers.add(answer(2, 2.1, 503, UNAVAILABLE, true));
		answers.add(answer(3, 3.0, 503, UNAVAILABLE, true));
		answers.add(answer(4, 4.0, 201, null, false));
		List<ChaosReport.Event> events = List.of(event(ChaosReport.Event.INJECTED, 2.0),
				event(ChaosReport.Event.HEALED, 3.5));
		InvariantChecker.Verdict verdict = InvariantChecker.check(10, ChaosReport.requests(answers), List.of(1L, 4L));

		List<ChaosReport.Claim> claims = Claims.of(Fault.KAFKA, answers, 0, events, verdict);

		assertThat(claims).allMatch(ChaosReport.Claim::holds);
		assertThat(claims.getLast().detail()).contains("last failed request sent +1.0 s from the fault")
			.contains("answered 201");
		ChaosReport report = new ChaosReport(ChaosOptions.parse(List.of("kafka")), 7, 0, answers, events, verdict, 0.4,
				claims, null);
		assertThat(report.errorWindow()).startsWith("errors answered from +0.2 s to +1.1 s around the fault (0.9 s), 2")
			.endsWith("503 unavailable +Retry-After: 2");
	}

	@Test
	void shouldFailWhenAConfirmedIssuanceHasNoRowOrAnErrorCarriedNoRetryAfter() {
		List<SteadyLoad.Answer> answers = List.of(answer(1, 0.5, 201, null, false), answer(2, 2.5, 502, null, false),
				answer(3, 2.6, SteadyLoad.TIMED_OUT, null, false), answer(4, 4.0, 409, SOLD_OUT, false));
		List<ChaosReport.Event> events = List.of(event(ChaosReport.Event.INJECTED, 2.0),
				event(ChaosReport.Event.HEALED, 3.0));
		InvariantChecker.Verdict lostOne = InvariantChecker.check(1, ChaosReport.requests(answers), List.of(3L));

		List<ChaosReport.Claim> claims = Claims.of(Fault.REDIS, answers, 0, events, lostOne);

		assertThat(lostOne.lost()).isEqualTo(1);
		assertThat(lostOne.indeterminate()).as("user 3 timed out and holds a row").isEqualTo(1);
		assertThat(claims).filteredOn((claim) -> !claim.holds())
			.extracting(ChaosReport.Claim::name)
			.containsExactly("nothing lost, duplicated or issued past the stock (I1-I3)",
					"every failed request was a 503 with Retry-After");
		assertThat(claims.getLast().holds()).as("sold out after the fault counts as issuing again").isTrue();
	}

	@Test
	void shouldBoundTheErrorWindowOfAKilledReplica() {
		List<ChaosReport.Event> events = List.of(event(ChaosReport.Event.INJECTED, 1.0),
				event(ChaosReport.Event.HEALED, 20.0));
		List<SteadyLoad.Answer> shortWindow = List.of(answer(1, 1.1, 502, null, false), answer(2, 2.0, 201, null, false));
		List<SteadyLoad.Answer> longWindow = List.of(answer(1, 1.1, 502, null, false),
				answer(2, 6.5, SteadyLoad.CONNECTION_FAILED, null, false), answer(3, 7.0, 201, null, false));

		assertThat(claim(Claims.of(Fault.REPLICA, shortWindow, 0, events, passing(shortWindow)), "errors stopped")
			.holds()).isTrue();
		ChaosReport.Claim failed = claim(Claims.of(Fault.REPLICA, longWindow, 0, events, passing(longWindow)),
				"errors stopped");
		assertThat(failed.holds()).isFalse();
		assertThat(failed.detail()).contains("last error 5.6 s after the kill").contains("connection failed: 1");
	}

	@Test
	void shouldWriteTheReportAndOneTimelineRowPerSecond(@TempDir Path dir) throws Exception {
		List<SteadyLoad.Answer> answers = List.of(answer(1, 0.2, 201, null, false), answer(2, 1.2, 503, UNAVAILABLE, true),
				answer(3, 1.5, 409, SOLD_OUT, false), answer(4, 2.5, 400, "https://coupon.example/problems/invalid-request",
						false));
		List<ChaosReport.Event> events = List.of(event(ChaosReport.Event.INJECTED, 1.0));
		InvariantChecker.Verdict verdict = passing(answers);
		ChaosReport report = new ChaosReport(ChaosOptions.parse(List.of("worker")), 9, 0, answers, events, verdict, 1.5,
				Claims.of(Fault.WORKER, answers, 0, events, verdict), null);

		report.write(dir);

		assertThat(Files.readAllLines(dir.resolve(ChaosReport.TIMELINE_FILE))).containsExactly(
				"second,issued,refused,rejected,unavailable_retry_after,other_5xx,timeout_or_broken", "0,1,0,0,0,0,0",
				"1,0,1,0,1,0,0", "2,0,0,1,0,0,0");
		assertThat(Files.readString(dir.resolve(ChaosReport.REPORT_FILE))).contains("# Chaos run: worker (R5)")
			.contains("**FAIL**")
			.contains("| no request failed: issuing does not wait for the worker | **no** | 1 errors: 503 unavailable "
					+ "+Retry-After: 1 |");
		assertThat(report.passed()).isFalse();
	}

	private static InvariantChecker.Verdict passing(List<SteadyLoad.Answer> answers) {
		List<Long> rows = answers.stream().filter((answer) -> answer.status() == 201).map(SteadyLoad.Answer::userId)
			.toList();
		return InvariantChecker.check(100, ChaosReport.requests(answers), rows);
	}

	private static ChaosReport.Claim claim(List<ChaosReport.Claim> claims, String prefix) {
		return claims.stream().filter((claim) -> claim.name().startsWith(prefix)).findFirst().orElseThrow();
	}

	/** A request sent at {@code seconds} and answered 100 ms later. */
	private static SteadyLoad.Answer answer(long user, double seconds, int status, String type, boolean retryAfter) {
		long sent = (long) (seconds * SECOND);
		return new SteadyLoad.Answer(sent, sent + SECOND / 10, user, status, type, retryAfter);
	}

	private static ChaosReport.Event event(String kind, double seconds) {
		return new ChaosReport.Event(kind, kind, (long) (seconds * SECOND), seconds);
	}

}
