package io.coupon.api.campaign;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "coupon")
class Coupon {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 100)
	private String name;

	@Column(name = "total_quantity", nullable = false)
	private int totalQuantity;

	@Column(name = "issue_starts_at")
	private Instant issueStartsAt;

	@Column(name = "issue_ends_at")
	private Instant issueEndsAt;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Coupon() {
	}

	Coupon(String name, int totalQuantity, Instant issueStartsAt, Instant issueEndsAt, Instant createdAt) {
		this.name = name;
		this.totalQuantity = totalQuantity;
		this.issueStartsAt = issueStartsAt;
		this.issueEndsAt = issueEndsAt;
		this.createdAt = createdAt;
	}

	CouponDefinition toDefinition() {
		return new CouponDefinition(this.id, this.name, this.totalQuantity, this.issueStartsAt, this.issueEndsAt);
	}

}
