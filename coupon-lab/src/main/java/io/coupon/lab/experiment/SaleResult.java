package io.coupon.lab.experiment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import io.coupon.lab.check.InvariantChecker;

/**
 * What a sale's load saw.
 *
 * @param startNanos when the first user arrived
 * @param endNanos when the last user had its last answer
 * @param attempts every request's answer, retries included
 * @param instances attempts by the replica that answered ({@code (none)}: the gateway itself, or nothing)
 * @param latencies response times of the attempts that got an answer
 * @param users every user's history
 * @param requests every attempt's user and outcome, for the invariant checker
 */
public record SaleResult(long startNanos, long endNanos, Map<SaleAnswer, Long> attempts, Map<String, Long> instances,
		Latencies latencies, List<SaleUser> users, List<InvariantChecker.Request> requests) {

	public SaleResult {
		attempts = Map.copyOf(attempts);
		instances = Map.copyOf(instances);
		users = List.copyOf(users);
		requests = List.copyOf(requests);
	}

	/** Users by their last answer. */
	public Map<SaleAnswer, Long> usersByAnswer() {
		Map<SaleAnswer, Long> counts = new EnumMap<>(SaleAnswer.class);
		for (SaleAnswer answer : SaleAnswer.values()) {
			counts.put(answer, 0L);
		}
		this.users.forEach((user) -> counts.merge(user.answer(), 1L, Long::sum));
		return counts;
	}

	public long users(SaleAnswer answer) {
		return usersByAnswer().get(answer);
	}

	public long attempts(SaleAnswer answer) {
		return this.attempts.getOrDefault(answer, 0L);
	}

	/** Attempts beyond each user's first. */
	public long retries() {
		return this.users.stream().mapToLong((user) -> user.attempts() - 1L).sum();
	}

	/**
	 * Users whose last answer was not a right answer of a sale: a 429; a 502, 503, 504 or a timeout after the last
	 * retry; an error.
	 */
	public long usersWithoutAnswer() {
		return this.users.stream().filter((user) -> user.answer().isError()).count();
	}

	public Fairness fairness() {
		return Fairness.of(this.users);
	}

	/**
	 * Milliseconds from the first user's arrival to the answer that gave the last coupon, when the sale sold out (a
	 * user was told sold-out); empty when it did not.
	 */
	public OptionalDouble sellOutMillis() {
		boolean soldOut = this.users.stream().anyMatch((user) -> user.answer() == SaleAnswer.SOLD_OUT);
		if (!soldOut) {
			return OptionalDouble.empty();
		}
		return this.users.stream()
			.filter((user) -> user.answer().holdsCoupon())
			.mapToLong(SaleUser::answeredNanos)
			.max()
			.stream()
			.mapToDouble((answered) -> (answered - this.startNanos) / 1e6)
			.findFirst();
	}

	/** Each user's wait, from its first send to its last answer, in milliseconds (what S3's mean of 5.2 s measured). */
	public Latencies userWaits() {
		long[] histogram = new long[LoadRecorder.MAX_MILLIS + 1];
		for (SaleUser user : this.users) {
			long millis = (user.answeredNanos() - user.firstSentNanos()) / 1_000_000;
			histogram[(int) Math.clamp(millis, 0, LoadRecorder.MAX_MILLIS)]++;
		}
		return Latencies.of(histogram);
	}

	public double seconds() {
		return (this.endNanos - this.startNanos) / 1e9;
	}

}
