package io.coupon.api.issue;

import java.time.Instant;

import io.coupon.api.campaign.CouponDefinition;

/**
 * Decides whether one user gets one slot of a coupon's stock. A grant leaves the user in the coupon's user set, the
 * issued counter incremented and a pending record written; publishing is the caller's job.
 */
interface IssueStrategy {

	IssueDecision decide(CouponDefinition coupon, long userId, Instant now);

	String name();

}
