package io.coupon.api.campaign;

import java.time.Instant;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * @param totalQuantity bounded so that an absurd stock is refused instead of silently accepted
 */
record CreateCouponRequest(@NotBlank @Size(max = 100) String name,
		@NotNull @Min(1) @Max(CreateCouponRequest.MAX_QUANTITY) Integer totalQuantity, Instant issueStartsAt,
		Instant issueEndsAt) {

	static final int MAX_QUANTITY = 100_000_000;

	@AssertTrue(message = "issueEndsAt must be after issueStartsAt")
	boolean isWindowOrdered() {
		return this.issueStartsAt == null || this.issueEndsAt == null || this.issueEndsAt.isAfter(this.issueStartsAt);
	}

}
