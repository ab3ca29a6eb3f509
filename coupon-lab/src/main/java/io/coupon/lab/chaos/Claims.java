package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.coupon.lab.check.InvariantChecker;

/**
 * What each fault run promises, beyond the invariants, as docs/reliability.md states it: checked against every
 * answer the load got.
 */
final class Claims {

	/** How the lock-pause fault's injection event says that the frozen replica held the lock. */
	static final String HOLDING_THE_LOCK = " holding the coupon's lock";

	/** R7: a killed replica's errors stop within this, thanks to connect-failure retries in the gateway. */
	static final Duration REPLICA_ERROR_BOUND = Duration.ofSeconds(5);

	private Claims() {
	}

	static List<ChaosReport.Claim> of(Fault fault, List<SteadyLoad.Answer> answers, long startNanos,
			List<ChaosReport.Event> events, InvariantChecker.Verdict verdict) {
		List<ChaosReport.Claim> claims = new ArrayList<>();
		claims.add(new ChaosReport.Claim("nothing lost, duplicated or issued past the stock (I1-I3)", verdict.passed(),
				verdict.toString()));
		claims.add(new ChaosReport.Claim("no user was told twice that the coupon is theirs",
				verdict.usersConfirmedTwice() == 0, verdict.usersConfirmedTwice() + " users confirmed twice"));
		List<SteadyLoad.Answer> errors = answers.stream().filter(SteadyLoad.Answer::isError).toList();
		String errorDetail = errors.size() + " errors: " + byStatus(errors);
		switch (fault) {
			case KAFKA, REDIS, MYSQL -> claims.add(new ChaosReport.Claim("every failed request was a 503 with Retry-After",
					errors.stream().allMatch(SteadyLoad.Answer::isExplicitUnavailable), errorDetail));
			case WORKER -> claims.add(new ChaosReport.Claim("no request failed: issuing does not wait for the worker",
					errors.isEmpty(), errorDetail));
			case REPLICA -> {
				long injected = ChaosReport.Event.timeOf(events, ChaosReport.Event.INJECTED, startNanos);
				long lastError = errors.stream().mapToLong(SteadyLoad.Answer::answeredNanos).max().orElse(injected);
				double window = (lastError - injected) / 1e9;
				claims.add(new ChaosReport.Claim(
						"errors stopped within " + REPLICA_ERROR_BOUND.toSeconds() + " s of the kill",
						lastError - injected <= REPLICA_ERROR_BOUND.toNanos(),
						String.format("last error %.1f s after the kill; %s", window, errorDetail)));
			}
			case LOCK_PAUSE -> {
				boolean caught = events.stream()
					.anyMatch((event) -> event.kind().equals(ChaosReport.Event.INJECTED)
							&& event.what().contains(HOLDING_THE_LOCK));
				String logged = events.stream()
					.filter((event) -> event.kind().equals(ChaosReport.Event.OBSERVED))
					.map(ChaosReport.Event::what)
					.findFirst()
					.orElse("");
				// Seen twice: from Redis while it was frozen, and in its own log once it woke.
				boolean confirmed = caught && !logged.isEmpty() && !logged.endsWith(" 0 time(s)");
				claims.add(new ChaosReport.Claim("the replica was frozen while it held the lock, past its lease",
						confirmed, (caught ? "caught holding it; " : "never seen holding it; ") + logged));
			}
			default -> {
			}
		}
		if (fault != Fault.MANUAL && fault != Fault.WORKER) {
			// Issuing is back when a definite answer (a grant, or sold out) follows the last error.
			long injected = ChaosReport.Event.timeOf(events, ChaosReport.Event.INJECTED, startNanos);
			long lastErrorSent = errors.stream().mapToLong(SteadyLoad.Answer::sentNanos).max().orElse(injected);
			boolean resumed = answers.stream()
				.anyMatch((answer) -> answer.sentNanos() > lastErrorSent
						&& (answer.status() == 201 || isSoldOut(answer)));
			claims.add(new ChaosReport.Claim("issuing resumed after the fault", resumed,
					errors.isEmpty() ? "no request failed" : ChaosReport.recovery(answers, injected, lastErrorSent)));
		}
		return claims;
	}

	static boolean isSoldOut(SteadyLoad.Answer answer) {
		return answer.status() == 409 && answer.problemType() != null && answer.problemType().endsWith("/sold-out");
	}

	/** "503+Retry-After: 120, 504: 3, timeout: 1" */
	static String byStatus(List<SteadyLoad.Answer> answers) {
		Map<String, Integer> counts = new TreeMap<>();
		answers.forEach((answer) -> counts.merge(label(answer), 1, Integer::sum));
		List<String> parts = new ArrayList<>();
		counts.forEach((label, count) -> parts.add(label + ": " + count));
		return parts.isEmpty() ? "none" : String.join(", ", parts);
	}

	static String label(SteadyLoad.Answer answer) {
		return switch (answer.status()) {
			case SteadyLoad.TIMED_OUT -> "timeout";
			case SteadyLoad.CONNECTION_FAILED -> "connection failed";
			default -> {
				String type = answer.problemType();
				String suffix = (type != null) ? " " + type.substring(type.lastIndexOf('/') + 1) : "";
				yield answer.status() + suffix + (answer.retryAfter() ? " +Retry-After" : "");
			}
		};
	}

}
