package io.coupon.lab.experiment;

import java.util.Arrays;
import java.util.List;

/**
 * First-come-first-served fairness of a sale, from its users' histories: whether everyone who got the coupon asked
 * before everyone who was told sold-out. A user's time is its first send ({@link SaleUser#firstSentNanos()}), not
 * the send of the attempt that was answered: a user who arrived early, got a 503 and was sold out on its retry was
 * served unfairly, and counts so. Users who hold the coupon ({@link SaleAnswer#holdsCoupon()}) are the winners;
 * users whose last answer was sold-out the losers; users who ended with anything else (a 429; a 502, 503, 504 or a
 * timeout after the last retry; an error) were told neither and count on neither side.
 *
 * @param winners users who got the coupon
 * @param losers users told sold-out
 * @param windowMillis the latest first send among winners minus the earliest first send among losers, in
 * milliseconds, or 0 when that is negative (every winner asked before every loser: perfectly fair) or a side is empty
 * @param inversions pairs of a winner and a loser where the winner first sent strictly later (equal times are no
 * inversion: neither came first)
 */
public record Fairness(long winners, long losers, double windowMillis, long inversions) {

	/** Perfectly fair: no winner asked after a loser. */
	public boolean perfect() {
		return this.inversions == 0;
	}

	/** O(n log n): the losers' times sorted once, then one binary search per winner. */
	public static Fairness of(List<SaleUser> users) {
		long[] winners = users.stream().filter((user) -> user.answer().holdsCoupon())
			.mapToLong(SaleUser::firstSentNanos).toArray();
		long[] losers = users.stream().filter((user) -> user.answer() == SaleAnswer.SOLD_OUT)
			.mapToLong(SaleUser::firstSentNanos).sorted().toArray();
		if (winners.length == 0 || losers.length == 0) {
			return new Fairness(winners.length, losers.length, 0, 0);
		}
		long latestWinner = Arrays.stream(winners).max().getAsLong();
		long window = Math.max(0, latestWinner - losers[0]);
		long inversions = 0;
		for (long winner : winners) {
			inversions += countBelow(losers, winner);
		}
		return new Fairness(winners.length, losers.length, window / 1e6, inversions);
	}

	// How many of the sorted values are strictly below the value.
	private static int countBelow(long[] sorted, long value) {
		int low = 0;
		int high = sorted.length;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (sorted[middle] < value) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

}
