package io.coupon.lab.experiment;

import java.util.Locale;

/** Where the load goes: through the gateway (the real path), or straight to one replica (to price the gateway). */
public enum Target {

	GATEWAY, DIRECT;

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Target parse(String value) {
		for (Target target : values()) {
			if (target.label().equals(value)) {
				return target;
			}
		}
		throw new IllegalArgumentException("--target must be gateway or direct, got " + value);
	}

}
