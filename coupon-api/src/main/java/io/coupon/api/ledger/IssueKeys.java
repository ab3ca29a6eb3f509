package io.coupon.api.ledger;

import java.util.List;

/**
 * The Redis keys of one coupon. They share the hash tag {@code {coupon:<id>}} so that a Redis Cluster keeps them in
 * one slot, which a multi-key Lua script requires.
 */
public record IssueKeys(long couponId) {

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
		return List.of(stock(), issued(), users(), pending());
	}

	List<Object> forReleaseScript() {
		return List.of(issued(), users(), pending());
	}

	List<Object> forRebuildScript(String token) {
		return List.of(stock(), issued(), users(), pending(), rebuildStaging(token));
	}

}
