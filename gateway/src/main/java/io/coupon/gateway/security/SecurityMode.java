package io.coupon.gateway.security;

/** How the gateway learns who the user is. */
public enum SecurityMode {

	/** The user is the subject of a verified bearer token; a client-sent {@code X-USER-ID} is replaced. */
	JWT,

	/**
	 * The client's {@code X-USER-ID} is believed as sent and no token is checked: anyone can claim any user's
	 * coupon. Exists only to reproduce the origin's experiments, which had no identity at all.
	 */
	TRUSTED_HEADER

}
