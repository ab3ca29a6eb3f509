package io.coupon.api.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.coupon.api.campaign.CouponCatalog;
import io.coupon.api.campaign.CouponDefinition;
import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import io.coupon.api.support.ProblemException;
import io.coupon.api.support.ProblemType;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * One issuance: the window check, the strategy's decision in Redis, then the publish that makes a grant durable.
 * <p>
 * A success is answered only after Kafka confirmed the event (unless fire-and-forget was chosen for a comparison).
 * When the publish certainly failed, the slot is given back and the answer is 503. When its outcome is unknown, the
 * slot is kept and marked indeterminate, the answer is 503, and the event is published again by the user's retry or
 * by the {@link PendingIssueReconciler}: the worker's insert is idempotent, so a second copy is harmless, while
 * giving the slot back could issue past the stock if the first copy was written (docs/decisions.md).
 * <p>
 * When Redis holds no state for the coupon (it restarted empty), the answer is 503 while the
 * {@link IssueStateRebuilder} rebuilds that state from MySQL.
 */
@Service
class IssueService {

	private static final Logger log = LoggerFactory.getLogger(IssueService.class);

	private final CouponCatalog catalog;

	private final IssueStrategy strategy;

	private final IssuePublisher publisher;

	private final IssueLedger ledger;

	private final IssuedCouponLookup issuedCoupons;

	private final IssueStateRebuilder rebuilder;

	private final IssueMetrics metrics;

	private final Clock clock;

	private final Duration retryAfter;

	IssueService(CouponCatalog catalog, IssueStrategy strategy, IssuePublisher publisher, IssueLedger ledger,
			IssuedCouponLookup issuedCoupons, IssueStateRebuilder rebuilder, IssueMetrics metrics, Clock clock,
			CouponProperties properties) {
		this.catalog = catalog;
		this.strategy = strategy;
		this.publisher = publisher;
		this.ledger = ledger;
		this.issuedCoupons = issuedCoupons;
		this.rebuilder = rebuilder;
		this.metrics = metrics;
		this.clock = clock;
		this.retryAfter = properties.issue().retryAfter();
	}

	IssueResponse issue(long couponId, long userId) {
		CouponDefinition coupon = findCoupon(couponId);
		Instant now = this.clock.instant();
		if (!coupon.isOpenAt(now)) {
			// The gateways answer this themselves once they read the window (docs/decisions.md, "Sold out at the door").
			this.ledger.publishWindow(couponId, coupon.issueStartsAt(), coupon.issueEndsAt());
			throw new ProblemException(ProblemType.NOT_OPEN, "Coupon " + couponId + " is issued from "
					+ describe(coupon.issueStartsAt()) + " until " + describe(coupon.issueEndsAt()));
		}
		IssueDecision decision = decide(coupon, userId, now);
		return switch (decision.outcome()) {
			case GRANTED -> publishGrant(coupon, userId, decision.position(), now);
			case REPUBLISH -> republish(coupon, userId, now);
			case ALREADY_ISSUED -> {
				this.metrics.count(IssueMetrics.Outcome.ALREADY_ISSUED);
				throw new ProblemException(ProblemType.ALREADY_ISSUED,
						"Coupon " + couponId + " was already issued to user " + userId);
			}
			case SOLD_OUT -> {
				this.metrics.count(IssueMetrics.Outcome.SOLD_OUT);
				throw new ProblemException(ProblemType.SOLD_OUT, "Coupon " + couponId + " is sold out");
			}
			case NOT_LOADED -> notLoaded(coupon);
		};
	}

	/** Redis lost the coupon's state (or never had it): rebuild it from MySQL, refuse until it is back. */
	private IssueResponse notLoaded(CouponDefinition coupon) {
		this.metrics.count(IssueMetrics.Outcome.NOT_LOADED);
		this.rebuilder.rebuildInBackground(coupon);
		throw ProblemException.unavailable("The issuance state of coupon " + coupon.id() + " is not loaded in Redis; "
				+ "a rebuild from the database is under way, retry later", this.retryAfter, null);
	}

	IssueStatusResponse status(long couponId, long userId) {
		findCoupon(couponId);
		boolean written;
		try {
			written = this.issuedCoupons.exists(couponId, userId);
		}
		catch (DataAccessException ex) {
			throw databaseUnavailable(ex);
		}
		if (written) {
			return new IssueStatusResponse(couponId, userId, IssueStatusResponse.Status.ISSUED);
		}
		if (this.ledger.holdsSlot(couponId, userId)) {
			return new IssueStatusResponse(couponId, userId, IssueStatusResponse.Status.PENDING);
		}
		throw new ProblemException(ProblemType.ISSUE_NOT_FOUND,
				"Coupon " + couponId + " was not issued to user " + userId);
	}

	private CouponDefinition findCoupon(long couponId) {
		try {
			return this.catalog.find(couponId)
				.orElseThrow(() -> new ProblemException(ProblemType.COUPON_NOT_FOUND, "No coupon with id " + couponId));
		}
		catch (DataAccessException ex) {
			throw databaseUnavailable(ex);
		}
	}

	private ProblemException databaseUnavailable(DataAccessException ex) {
		log.warn("The database failed: {}", ex.toString());
		return ProblemException.unavailable("Issuance is unavailable: the database did not answer", this.retryAfter,
				ex);
	}

	private IssueDecision decide(CouponDefinition coupon, long userId, Instant now) {
		try {
			return this.metrics.timeDecision(() -> this.strategy.decide(coupon, userId, now));
		}
		catch (RedisException ex) {
			this.metrics.count(IssueMetrics.Outcome.UNAVAILABLE);
			// A timeout may hide a grant that Redis did make; its pending record lets the reconciler publish it.
			log.warn("Redis failed while deciding coupon {} for user {}: {}", coupon.id(), userId, ex.toString());
			throw ProblemException.unavailable("Issuance is unavailable: Redis did not answer", this.retryAfter, ex);
		}
		catch (DataAccessException ex) {
			// Only the set-incr strategy reads the database while deciding.
			this.metrics.count(IssueMetrics.Outcome.UNAVAILABLE);
			throw databaseUnavailable(ex);
		}
		catch (ProblemException ex) {
			// The lock strategies refuse when the coupon's lock is not free in time.
			this.metrics.count(IssueMetrics.Outcome.UNAVAILABLE);
			throw ex;
		}
	}

	private IssueResponse publishGrant(CouponDefinition coupon, long userId, long position, Instant acceptedAt) {
		IssuePublisher.PublishResult result = this.publisher
			.publish(this.publisher.event(coupon.id(), userId, acceptedAt, this.strategy.name()));
		if (result.accepted()) {
			this.metrics.count(IssueMetrics.Outcome.GRANTED);
			this.ledger.confirm(coupon.id(), userId);
			return new IssueResponse(coupon.id(), userId, position, acceptedAt, IssueStatusResponse.Status.PENDING);
		}
		if (result.status() == IssuePublisher.PublishResult.Status.DEFINITELY_FAILED) {
			this.metrics.count(IssueMetrics.Outcome.WITHDRAWN);
			giveBack(coupon.id(), userId, result.failure());
			throw ProblemException.unavailable("The issuance could not be made durable and was withdrawn; "
					+ "nothing was issued, retry later", this.retryAfter, result.failure());
		}
		this.metrics.count(IssueMetrics.Outcome.INDETERMINATE);
		markIndeterminate(coupon.id(), userId, result.failure());
		throw ProblemException.unavailable("The issuance may not have been made durable; retry with the "
				+ "same user id: a retry cannot issue twice", this.retryAfter, result.failure());
	}

	/** The user's earlier publish ended indeterminate: publish it again, answer as if it were the first time. */
	private IssueResponse republish(CouponDefinition coupon, long userId, Instant now) {
		IssuePublisher.PublishResult result = this.publisher
			.publish(this.publisher.event(coupon.id(), userId, now, this.strategy.name()));
		if (result.accepted()) {
			this.metrics.count(IssueMetrics.Outcome.REPUBLISHED);
			this.ledger.confirm(coupon.id(), userId);
			return new IssueResponse(coupon.id(), userId, 0, now, IssueStatusResponse.Status.PENDING);
		}
		// Never give the slot back here: the earlier publish may have reached Kafka.
		this.metrics.count(IssueMetrics.Outcome.INDETERMINATE);
		markIndeterminate(coupon.id(), userId, result.failure());
		throw ProblemException.unavailable("The issuance may not have been made durable; retry with the same user id",
				this.retryAfter, result.failure());
	}

	private void giveBack(long couponId, long userId, Throwable failure) {
		log.warn("Publish for coupon {} user {} definitely failed, giving the slot back: {}", couponId, userId,
				String.valueOf(failure));
		try {
			this.ledger.release(couponId, userId);
		}
		catch (RedisException ex) {
			// The slot stays taken and pending: the reconciler will publish it, the user gets the coupon late.
			log.error("Could not give back the slot of coupon {} user {}", couponId, userId, ex);
		}
	}

	private void markIndeterminate(long couponId, long userId, Throwable failure) {
		log.warn("Publish for coupon {} user {} ended indeterminate, keeping the slot for reconciliation: {}", couponId,
				userId, String.valueOf(failure));
		try {
			this.ledger.markIndeterminate(couponId, userId, this.clock.instant());
		}
		catch (RedisException ex) {
			// The pending record still says in-flight: the reconciler picks it up once it is old enough.
			log.error("Could not mark coupon {} user {} indeterminate", couponId, userId, ex);
		}
	}

	private static String describe(Instant instant) {
		return (instant != null) ? instant.toString() : "(unbounded)";
	}

}
