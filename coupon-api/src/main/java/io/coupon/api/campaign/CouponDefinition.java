package io.coupon.api.campaign;

import java.time.Instant;

/**
 * What issuance needs to know about a coupon. Immutable once created, so replicas may cache it forever.
 *
 * @param issueStartsAt inclusive; {@code null} means open from creation
 * @param issueEndsAt exclusive; {@code null} means open until sold out
 */
public record CouponDefinition(long id, String name, int totalQuantity, Instant issueStartsAt, Instant issueEndsAt) {

	public boolean isOpenAt(Instant now) {
		return (this.issueStartsAt == null || !now.isBefore(this.issueStartsAt))
				&& (this.issueEndsAt == null || now.isBefore(this.issueEndsAt));
	}

}
