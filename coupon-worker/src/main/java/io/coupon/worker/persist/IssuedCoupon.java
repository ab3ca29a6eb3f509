package io.coupon.worker.persist;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import org.hibernate.annotations.Immutable;

/**
 * A coupon issued to a user: one row per (coupon, user), the last line of defence for "never twice to a user".
 * The table is owned by the coupon-schema migrations; this mapping lets Hibernate validate it at startup and lets
 * readers (tests, the lab's checker) load rows. Rows are written only by {@link IssuedCouponWriter}'s idempotent
 * multi-row INSERT, never through JPA, hence {@link Immutable}.
 */
@Entity
@Immutable
@Table(name = "issued_coupon",
		uniqueConstraints = @UniqueConstraint(name = "uk_issued_coupon_coupon_user",
				columnNames = { "coupon_id", "user_id" }))
public class IssuedCoupon {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "coupon_id", nullable = false)
	private long couponId;

	@Column(name = "user_id", nullable = false)
	private long userId;

	/** When Redis accepted the request, as carried by the event; stored as UTC. */
	@Column(name = "accepted_at", nullable = false)
	private Instant acceptedAt;

	/** When the worker wrote the row (the database's clock, UTC). */
	@Column(name = "persisted_at", nullable = false)
	private Instant persistedAt;

	protected IssuedCoupon() {
	}

	public Long getId() {
		return this.id;
	}

	public long getCouponId() {
		return this.couponId;
	}

	public long getUserId() {
		return this.userId;
	}

	public Instant getAcceptedAt() {
		return this.acceptedAt;
	}

	public Instant getPersistedAt() {
		return this.persistedAt;
	}

	@Override
	public String toString() {
		return "IssuedCoupon[id=" + this.id + ", couponId=" + this.couponId + ", userId=" + this.userId
				+ ", acceptedAt=" + this.acceptedAt + ", persistedAt=" + this.persistedAt + "]";
	}

}
