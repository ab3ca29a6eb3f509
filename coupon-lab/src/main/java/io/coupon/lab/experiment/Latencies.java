package io.coupon.lab.experiment;

/**
 * Response-time statistics in milliseconds, from a histogram with one bucket per millisecond.
 *
 * @param count answers with a response time
 */
public record Latencies(long count, double mean, long p50, long p95, long p99, long max) {

	static final Latencies NONE = new Latencies(0, 0, 0, 0, 0, 0);

	/** @param histogram {@code histogram[ms]} answers took {@code ms} milliseconds */
	public static Latencies of(long[] histogram) {
		long count = 0;
		double sum = 0;
		long max = 0;
		for (int ms = 0; ms < histogram.length; ms++) {
			count += histogram[ms];
			sum += (double) ms * histogram[ms];
			if (histogram[ms] > 0) {
				max = ms;
			}
		}
		if (count == 0) {
			return NONE;
		}
		return new Latencies(count, sum / count, percentile(histogram, count, 0.50), percentile(histogram, count, 0.95),
				percentile(histogram, count, 0.99), max);
	}

	// The smallest value that at least this fraction of the answers did not exceed (nearest rank).
	private static long percentile(long[] histogram, long count, double fraction) {
		long rank = Math.max(1, (long) Math.ceil(fraction * count));
		long seen = 0;
		for (int ms = 0; ms < histogram.length; ms++) {
			seen += histogram[ms];
			if (seen >= rank) {
				return ms;
			}
		}
		return histogram.length - 1;
	}

}
