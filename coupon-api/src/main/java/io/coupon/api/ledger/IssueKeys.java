package io.coupon.api.ledger;

import java.util.List;

/**
 * The Redis keys of one coupon. They share the hash tag {@code {coupon:<id>}} so that a Redis Cluster keeps them in
 * one slot, which a multi-key Lua script requires.
 */
public record IssueKeys(long couponId) {

	/**
	 * The door's key, a contract with the gateway (which answers from it without asking a replica): docs/decisions.md
	 * ("Sold out at the door") holds this very line, and a test on each side checks its own copy against it.
	 */
	public static final String DOOR_CONTRACT = "{coupon:<id>}:door HASH sold-out=1 opens-at=<epoch ms> closes-at=<epoch ms>";

	/**
	 * The users set's layout, the other half of the contract with the gateway: before answering sold-out, the gateway
	 * asks (SISMEMBER) whether the user holds a slot, and sends a holder on to a replica, which answers
	 * already-issued. docs/decisions.md holds this line too. The member is the user id in plain decimal.
	 */
	public static final String USERS_CONTRACT = "{coupon:<id>}:users SET <user id>";

	/** Present (value {@code 1}) while the issued count has reached the stock: set by issue.lua only. */
	public static final String DOOR_SOLD_OUT = "sold-out";

	/** The issue window's start, epoch milliseconds (inclusive); absent when the coupon opened at creation. */
	public static final String DOOR_OPENS_AT = "opens-at";

	/** The issue window's end, epoch milliseconds (exclusive); absent when it stays open until sold out. */
	public static final String DOOR_CLOSES_AT = "closes-at";

	/** Matches the pending hash of every coupon, for the reconciler's SCAN. */
	static final String PENDING_PATTERN = "{coupon:*}:pending";

	private String key(String suffix) {
		return "{coupon:" + this.couponId + "}:" + suffix;
	}

	public String stock() {
		return key("stock");
	}

	public String issued() {
		return key("issued");
	}

	public String users() {
		return key("users");
	}

	/** Slots whose event Kafka has not confirmed yet: see {@code issue.lua}. */
	public String pending() {
		return key("pending");
	}

	/** What the gateways answer from: see {@link #DOOR_CONTRACT}. */
	public String door() {
		return key("door");
	}

	public String lock() {
		return key("lock");
	}

	/** Held by the replica rebuilding this coupon's state, so that the others do not rebuild it at the same time. */
	public String rebuildGuard() {
		return key("rebuild");
	}

	/** Where one rebuild stages the user set before its load script renames it into place. */
	String rebuildStaging(String token) {
		return key("rebuild-users:" + token);
	}

	static long couponIdOfPendingKey(String key) {
		return Long.parseLong(key.substring("{coupon:".length(), key.indexOf('}')));
	}

	List<Object> forIssueScript() {
		return List.of(stock(), issued(), users(), pending(), door());
	}

	List<Object> forReleaseScript() {
		return List.of(issued(), users(), pending(), door());
	}

	List<Object> forRebuildScript(String token) {
		return List.of(stock(), issued(), users(), pending(), rebuildStaging(token), door());
	}

	List<Object> forInitialiseScript() {
		return List.of(stock(), door());
	}

}
