package io.coupon.api.issue;

import java.time.Instant;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueKeys;
import io.coupon.api.ledger.IssueLedger;
import org.redisson.api.RedissonClient;

/**
 * The origin design, kept only to measure its violations; never the default. SADD then INCR as two commands, and
 * when SADD says the user is already in the set, a database check that lets the request through while the worker
 * has not written the user's row yet. Under concurrency one user can be granted twice (the second grant consumes a
 * second unit of stock, which strands it: the database's unique key keeps a single row), and a user refused as
 * sold out stays in the set.
 */
class SetIncrIssueStrategy implements IssueStrategy {

	private final RedissonClient redisson;

	private final IssueLedger ledger;

	private final IssuedCouponLookup issuedCoupons;

	SetIncrIssueStrategy(RedissonClient redisson, IssueLedger ledger, IssuedCouponLookup issuedCoupons) {
		this.redisson = redisson;
		this.ledger = ledger;
		this.issuedCoupons = issuedCoupons;
	}

	@Override
	public IssueDecision decide(CouponDefinition coupon, long userId, Instant now) {
		IssueKeys keys = new IssueKeys(coupon.id());
		String stock = (String) this.redisson.getBucket(keys.stock()).get();
		if (stock == null) {
			return IssueDecision.NOT_LOADED;
		}
		boolean added = this.redisson.getSet(keys.users()).add(Long.toString(userId));
		if (!added && this.issuedCoupons.exists(coupon.id(), userId)) {
			return IssueDecision.ALREADY_ISSUED;
		}
		long position = this.redisson.getAtomicLong(keys.issued()).incrementAndGet();
		if (position > Long.parseLong(stock)) {
			return IssueDecision.SOLD_OUT;
		}
		this.ledger.markInflight(coupon.id(), userId, now);
		return IssueDecision.granted(position);
	}

	@Override
	public String name() {
		return "set-incr";
	}

}
