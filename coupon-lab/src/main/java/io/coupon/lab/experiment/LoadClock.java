package io.coupon.lab.experiment;

import java.time.Duration;

/**
 * One cell's load over time: it starts, warms up unmeasured, is measured for a duration, then sends no more requests.
 * Started once, as Gatling builds the simulation, just before the virtual users start.
 */
final class LoadClock {

	private final Duration warmup;

	private final Duration duration;

	private volatile long startNanos;

	private volatile long measureStartNanos;

	private volatile long endNanos;

	LoadClock(Duration warmup, Duration duration) {
		this.warmup = warmup;
		this.duration = duration;
	}

	void start() {
		long now = System.nanoTime();
		this.startNanos = now;
		this.measureStartNanos = now + this.warmup.toNanos();
		this.endNanos = this.measureStartNanos + this.duration.toNanos();
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
