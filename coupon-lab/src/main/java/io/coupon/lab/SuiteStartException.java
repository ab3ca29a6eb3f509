package io.coupon.lab;

/**
 * A component of the suite did not become ready; the message names it and ends with the last
 * lines of its log.
 */
public class SuiteStartException extends RuntimeException {

	private final String component;

	public SuiteStartException(String component, String message) {
		super(message);
		this.component = component;
	}

	public SuiteStartException(String component, String message, Throwable cause) {
		super(message, cause);
		this.component = component;
	}

	/**
	 * The component that failed (e.g. {@code coupon-api-2}), or {@code suite} for a failure before
	 * any component started.
	 */
	public String component() {
		return this.component;
	}

}
