package io.coupon.api.issue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.CouponProperties;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes again every granted slot whose event Kafka never confirmed: indeterminate publishes once they are older
 * than {@code coupon.issue.reconcile-after}, and in-flight ones whose replica must have died (older than twice the
 * publish timeout). A slot is never given back here: the first copy may be in Kafka, and the worker's idempotent
 * insert turns any second copy into a no-op. Every replica runs this; two replicas publishing the same slot cost a
 * duplicate record, nothing more.
 */
@Component
class PendingIssueReconciler {

	private static final Logger log = LoggerFactory.getLogger(PendingIssueReconciler.class);

	private final IssueLedger ledger;

	private final IssuePublisher publisher;

	private final IssueMetrics metrics;

	private final Clock clock;

	private final Duration indeterminateAge;

	private final Duration inflightAge;

	PendingIssueReconciler(IssueLedger ledger, IssuePublisher publisher, IssueMetrics metrics, Clock clock,
			CouponProperties properties) {
		this.ledger = ledger;
		this.publisher = publisher;
		this.metrics = metrics;
		this.clock = clock;
		this.indeterminateAge = properties.issue().reconcileAfter();
		this.inflightAge = properties.issue().publishTimeout().multipliedBy(2);
	}

	@Scheduled(initialDelayString = "${coupon.issue.reconcile-interval:5s}",
			fixedDelayString = "${coupon.issue.reconcile-interval:5s}")
	void reconcile() {
		try {
			int republished = reconcileOnce();
			if (republished > 0) {
				log.info("Reconciler published {} pending issuance(s) again", republished);
			}
		}
		catch (RedisException ex) {
			log.warn("Reconciler skipped a round: Redis failed: {}", ex.toString());
		}
	}

	int reconcileOnce() {
		Instant now = this.clock.instant();
		int republished = 0;
		for (IssueLedger.PendingSlot slot : this.ledger.pendingSlots()) {
			Duration age = Duration.between(slot.since(), now);
			Duration due = (slot.state() == IssueLedger.PendingState.INDETERMINATE) ? this.indeterminateAge
					: this.inflightAge;
			if (age.compareTo(due) < 0) {
				continue;
			}
			if (!this.ledger.isPending(slot.couponId(), slot.userId())) {
				// Gone since the scan: confirmed meanwhile, or Redis lost the coupon's state. A rebuild counts only
				// the events in Kafka before it, so publishing a slot of the lost state now could add a row that the
				// rebuilt counter does not count (IssueStateRebuilder).
				continue;
			}
			IssuePublisher.PublishResult result = this.publisher
				.publish(this.publisher.event(slot.couponId(), slot.userId(), slot.since(), "reconciler"));
			if (result.accepted()) {
				this.metrics.reconcilerRepublished();
				this.ledger.confirm(slot.couponId(), slot.userId());
				republished++;
			}
			else {
				this.ledger.markIndeterminate(slot.couponId(), slot.userId(), now);
			}
		}
		return republished;
	}

}
