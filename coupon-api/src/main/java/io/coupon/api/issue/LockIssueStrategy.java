package io.coupon.api.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueKeys;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.ProblemException;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RLock;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin design's distributed lock per coupon around the dedup and the stock count, with a Redisson unfair or
 * fair lock.
 * <p>
 * The lock does not carry correctness: a JVM paused past its lease loses the lock while it still runs
 * (redisson#2665), so the steps inside are safe on their own. SADD is an atomic dedup, and INCR hands out unique
 * positions of which only those within the stock win; a loser gives its increment back. With the lock held these
 * steps never race; without it they still never issue past the stock or twice to a user. What the lock buys is
 * ordering, at the cost of serialising every request for the coupon: the lab measures that cost.
 */
class LockIssueStrategy implements IssueStrategy {

	private static final Logger log = LoggerFactory.getLogger(LockIssueStrategy.class);

	private final RedissonClient redisson;

	private final IssueLedger ledger;

	private final boolean fair;

	private final Duration lockWait;

	private final Duration retryAfter;

	LockIssueStrategy(RedissonClient redisson, IssueLedger ledger, boolean fair, Duration lockWait,
			Duration retryAfter) {
		this.redisson = redisson;
		this.ledger = ledger;
		this.fair = fair;
		this.lockWait = lockWait;
		this.retryAfter = retryAfter;
	}

	@Override
	public IssueDecision decide(CouponDefinition coupon, long userId, Instant now) {
		IssueKeys keys = new IssueKeys(coupon.id());
		RLock lock = this.fair ? this.redisson.getFairLock(keys.lock()) : this.redisson.getLock(keys.lock());
		// No lease time: Redisson's watchdog renews the lock while this JVM is alive (an explicit lease disables it,
		// redisson#4405).
		if (!tryLock(lock)) {
			throw ProblemException.unavailable("The coupon is busy: its lock was not free within " + this.lockWait,
					this.retryAfter, null);
		}
		try {
			return decideHoldingLock(keys, coupon, userId, now);
		}
		finally {
			unlock(lock);
		}
	}

	private IssueDecision decideHoldingLock(IssueKeys keys, CouponDefinition coupon, long userId, Instant now) {
		String stock = (String) this.redisson.getBucket(keys.stock()).get();
		if (stock == null) {
			return IssueDecision.NOT_LOADED;
		}
		String user = Long.toString(userId);
		RSet<String> users = this.redisson.getSet(keys.users());
		if (!users.add(user)) {
			return this.ledger.isIndeterminate(coupon.id(), userId) ? IssueDecision.REPUBLISH
					: IssueDecision.ALREADY_ISSUED;
		}
		RAtomicLong issued = this.redisson.getAtomicLong(keys.issued());
		long position = issued.incrementAndGet();
		if (position > Long.parseLong(stock)) {
			issued.decrementAndGet();
			users.remove(user);
			return IssueDecision.SOLD_OUT;
		}
		this.ledger.markInflight(coupon.id(), userId, now);
		return IssueDecision.granted(position);
	}

	private boolean tryLock(RLock lock) {
		try {
			return lock.tryLock(this.lockWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ProblemException.unavailable("Interrupted while waiting for the coupon's lock", this.retryAfter, ex);
		}
	}

	private void unlock(RLock lock) {
		try {
			lock.unlock();
		}
		catch (IllegalMonitorStateException ex) {
			// The lease expired while we held it (a long pause): another request may have run concurrently. The steps
			// above stay safe without the lock, so this is worth a warning, not a failed request (redisson#4869).
			log.warn("Lock {} expired before unlock; the decision did not depend on it", lock.getName());
		}
	}

	@Override
	public String name() {
		return this.fair ? "fair-lock" : "lock";
	}

}
