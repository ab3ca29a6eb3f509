package io.coupon.infra;

/**
 * A real server process started from an artifact on the class path.
 */
public interface ManagedServer extends AutoCloseable {

	/**
	 * The short name of the server, e.g. {@code redis}.
	 */
	String name();

	/**
	 * The process id of the server process itself (not of a wrapper or of this JVM).
	 */
	long pid();

	/**
	 * Stops the server gracefully, forcibly after a grace period. Idempotent.
	 */
	@Override
	void close();

}
