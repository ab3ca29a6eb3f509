package io.coupon.infra;

/**
 * The pause between two readiness probes.
 */
final class Pause {

	private Pause() {
	}

	static void briefly() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a server to start", ex);
		}
	}

}
