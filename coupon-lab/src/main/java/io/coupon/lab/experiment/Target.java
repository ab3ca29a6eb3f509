package io.coupon.lab.experiment;

import java.util.Locale;

/**
 * Where the load goes: through the gateway (the real path, tokens verified and counted), through the gateway with its
 * security off (to price verification), or straight to one replica (to price the gateway).
 */
public enum Target {

	GATEWAY, TRUSTED_GATEWAY, DIRECT;

	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Whether the load goes through the gateway. */
	public boolean viaGateway() {
		return this != DIRECT;
	}

	static Target parse(String value) {
		for (Target target : values()) {
			if (target.label().equals(value)) {
				return target;
			}
		}
		throw new IllegalArgumentException("--target must be gateway, trusted-gateway or direct, got " + value);
	}

}
