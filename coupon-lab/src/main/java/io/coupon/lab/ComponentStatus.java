package io.coupon.lab;

/**
 * A component's health as {@code ./coupon status} shows it.
 *
 * @param name the component
 * @param address its address
 * @param pid the recorded pid (null for an external server)
 * @param health {@link #UP}, {@link #DOWN}, {@link #WARMING_UP} or {@link #NOT_RUNNING}
 * @param log its log file
 */
public record ComponentStatus(String name, String address, Long pid, String health, String log) {

	public static final String UP = "UP";

	public static final String DOWN = "DOWN";

	public static final String NOT_RUNNING = "NOT RUNNING";

	/** A coupon-api replica or the gateway running its warm-up: not ready yet (and a replica not UP in Eureka). */
	public static final String WARMING_UP = "WARMING UP";

	public boolean isUp() {
		return UP.equals(this.health);
	}

}
