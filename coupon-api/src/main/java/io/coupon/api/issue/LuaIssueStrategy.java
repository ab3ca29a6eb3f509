package io.coupon.api.issue;

import java.time.Instant;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueLedger;

/** The default: one atomic script, one round trip to Redis, correct under any concurrency. */
class LuaIssueStrategy implements IssueStrategy {

	private final IssueLedger ledger;

	LuaIssueStrategy(IssueLedger ledger) {
		this.ledger = ledger;
	}

	@Override
	public IssueDecision decide(CouponDefinition coupon, long userId, Instant now) {
		return IssueDecision.fromScriptResult(this.ledger.issueAtomically(coupon.id(), userId, now));
	}

	@Override
	public String name() {
		return "lua";
	}

}
