package io.coupon.lab.experiment;

/**
 * Which user ids the virtual users send: a new user on every request ({@code unique}, the flash sale's crowd), or
 * users drawn at random from a pool of {@code size} ({@code pool:<size>}), so that users come back and must be told
 * they already have the coupon.
 *
 * @param poolSize 0 for unique users
 */
public record UserMode(long poolSize) {

	public static final UserMode UNIQUE = new UserMode(0);

	public UserMode {
		if (poolSize < 0) {
			throw new IllegalArgumentException("The user pool size must be positive, got " + poolSize);
		}
	}

	public boolean unique() {
		return this.poolSize == 0;
	}

	public String label() {
		return unique() ? "unique" : "pool:" + this.poolSize;
	}

	static UserMode parse(String value) {
		if (value.equals("unique")) {
			return UNIQUE;
		}
		if (value.startsWith("pool:")) {
			try {
				long size = Long.parseLong(value.substring("pool:".length()));
				if (size >= 1) {
					return new UserMode(size);
				}
			}
			catch (NumberFormatException ex) {
				// Reported below.
			}
		}
		throw new IllegalArgumentException("--users must be unique or pool:<size> (size at least 1), got " + value);
	}

}
