package io.coupon.lab.experiment;

import java.time.Duration;

/**
 * One cell's load over time: it starts, warms up unmeasured, is measured for a duration, then sends no more requests.
 * Started once, as Gatling builds the simulation, just before the virtual users start.
 */
final class LoadClock {

	private final Duration coldWarmup;

	private final Duration warmup;

	private final Duration duration;

	private volatile long startNanos;

	private volatile long measureStartNanos;

	private volatile long endNanos;

	/**
	 * @param coldWarmup the first part of the warm-up, during which at most {@link GatlingLoad#COLD_VUSERS} virtual
	 * users run (zero when the suite's JVMs are already warm)
	 * @param warmup the whole warm-up, the cold part included
	 */
	LoadClock(Duration coldWarmup, Duration warmup, Duration duration) {
		if (coldWarmup.compareTo(warmup) > 0) {
			throw new IllegalArgumentException("The cold warm-up " + coldWarmup + " is part of the warm-up " + warmup);
		}
		this.coldWarmup = coldWarmup;
		this.warmup = warmup;
		this.duration = duration;
	}

	void start() {
		long now = System.nanoTime();
		this.startNanos = now;
		this.measureStartNanos = now + this.warmup.toNanos();
		this.endNanos = this.measureStartNanos + this.duration.toNanos();
	}

	Duration coldWarmup() {
		return this.coldWarmup;
	}

	long startNanos() {
		return this.startNanos;
	}

	long measureStartNanos() {
		return this.measureStartNanos;
	}

	long endNanos() {
		return this.endNanos;
	}

	Duration duration() {
		return this.duration;
	}

	/** One timeline slot per measured second, and a few more for answers that arrive after the end. */
	int timelineSeconds() {
		return (int) this.duration.toSeconds() + 15;
	}

	boolean warmingUp() {
		return System.nanoTime() < this.measureStartNanos;
	}

	/** Virtual users start no request after the end, and finish the one they sent. */
	boolean running() {
		return System.nanoTime() < this.endNanos;
	}

}
