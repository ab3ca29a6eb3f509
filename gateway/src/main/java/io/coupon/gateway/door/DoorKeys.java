package io.coupon.gateway.door;

/**
 * The Redis layout the door reads, a contract with coupon-api (which writes it): docs/decisions.md ("Sold out at the
 * door") holds {@link #CONTRACT} and {@link #USERS_CONTRACT} as lines, and a test on each side checks its own copy against that line. The
 * services share the layout, not classes.
 */
public final class DoorKeys {

	public static final String CONTRACT = "{coupon:<id>}:door HASH sold-out=1 opens-at=<epoch ms> closes-at=<epoch ms>";

	/**
	 * The coupon's holders, which coupon-api's issue script keeps (a member per user holding a slot, the user id in
	 * plain decimal): the door asks it before answering sold-out. The same line is in docs/decisions.md.
	 */
	public static final String USERS_CONTRACT = "{coupon:<id>}:users SET <user id>";

	/** Present (value {@code 1}) while the coupon's issued count has reached its stock. */
	public static final String SOLD_OUT = "sold-out";

	/** The issue window's start, epoch milliseconds (inclusive); absent when the coupon opened at creation. */
	public static final String OPENS_AT = "opens-at";

	/** The issue window's end, epoch milliseconds (exclusive); absent when it stays open until sold out. */
	public static final String CLOSES_AT = "closes-at";

	private DoorKeys() {
	}

	public static String key(long couponId) {
		return "{coupon:" + couponId + "}:door";
	}

	/** See {@link #USERS_CONTRACT}. */
	public static String usersKey(long couponId) {
		return "{coupon:" + couponId + "}:users";
	}

}
