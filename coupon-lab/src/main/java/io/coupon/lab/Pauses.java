package io.coupon.lab;

import java.time.Duration;

/**
 * The pause between two polls of a polling loop with a deadline.
 */
public final class Pauses {

	private Pauses() {
	}

	public static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

}
