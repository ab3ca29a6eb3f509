package io.coupon.lab.experiment;

/**
 * One user of a sale, from its first request to its last answer.
 *
 * @param firstSentNanos {@link System#nanoTime()} when the user sent its first request: the moment it joined the
 * queue, which first-come-first-served fairness is about (a retry does not move it back)
 * @param answeredNanos when its last answer came (or its last attempt gave up)
 * @param attempts requests sent, the first included
 * @param answer the last answer
 */
public record SaleUser(long userId, long firstSentNanos, long answeredNanos, int attempts, SaleAnswer answer) {

	public SaleUser {
		if (attempts < 1) {
			throw new IllegalArgumentException("A user sends at least one request, got " + attempts);
		}
	}

}
