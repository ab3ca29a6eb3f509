package io.coupon.lab.cpu;

import java.time.Duration;

/**
 * What the kernel counted in a group's {@code cpu.stat}: enforcement periods that passed while it had work, how many
 * of them ended with its quota spent (its processes then waited for the next period), and how long they waited.
 *
 * @param periods {@code nr_periods}
 * @param throttledPeriods {@code nr_throttled}
 * @param throttledTime {@code throttled_time} (v1, nanoseconds) or {@code throttled_usec} (v2)
 */
public record Throttling(long periods, long throttledPeriods, Duration throttledTime) {

	public static final Throttling ZERO = new Throttling(0, 0, Duration.ZERO);

	/** The counts between {@code earlier} and this reading (never negative: a recreated group starts from zero). */
	public Throttling since(Throttling earlier) {
		if (earlier.periods > this.periods || earlier.throttledPeriods > this.throttledPeriods) {
			return this;
		}
		return new Throttling(this.periods - earlier.periods, this.throttledPeriods - earlier.throttledPeriods,
				this.throttledTime.minus(earlier.throttledTime));
	}

	public Throttling plus(Throttling other) {
		return new Throttling(this.periods + other.periods, this.throttledPeriods + other.throttledPeriods,
				this.throttledTime.plus(other.throttledTime));
	}

	/** The share of the periods with work that ended throttled: near 1, the budget is what limits the component. */
	public double throttledShare() {
		return (this.periods > 0) ? (double) this.throttledPeriods / this.periods : 0;
	}

}
