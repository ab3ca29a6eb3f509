package io.coupon.api.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.coupon.api.ledger.IssueLedger;
import io.coupon.api.support.ProblemException;
import io.coupon.api.support.ProblemType;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class CouponService {

	private final CouponRepository repository;

	private final CouponCatalog catalog;

	private final IssueLedger ledger;

	private final Clock clock;

	CouponService(CouponRepository repository, CouponCatalog catalog, IssueLedger ledger, Clock clock) {
		this.repository = repository;
		this.catalog = catalog;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * Stores the coupon exactly as defined, or refuses a definition that cannot be served as written, and loads its
	 * stock into Redis inside one database transaction: if Redis refuses, the row is rolled back and the client sees
	 * an error, so no coupon exists that cannot be issued.
	 */
	@Transactional
	CouponDefinition create(CreateCouponRequest request) {
		Instant now = this.clock.instant();
		List<String> problems = request.problems(now);
		if (!problems.isEmpty()) {
			throw new ProblemException(ProblemType.INVALID_REQUEST, String.join("; ", problems));
		}
		Coupon coupon = this.repository.saveAndFlush(new Coupon(request.name(), request.totalQuantity(),
				request.issueStartsAt(), request.issueEndsAt(), now));
		CouponDefinition definition = coupon.toDefinition();
		this.ledger.initialise(definition.id(), definition.totalQuantity(), definition.issueStartsAt(),
				definition.issueEndsAt());
		return definition;
	}

	CouponResponse describe(long couponId) {
		CouponDefinition coupon = this.catalog.find(couponId)
			.orElseThrow(() -> new ProblemException(ProblemType.COUPON_NOT_FOUND, "No coupon with id " + couponId));
		IssueLedger.Snapshot state = this.ledger.snapshot(couponId);
		return new CouponResponse(coupon.id(), coupon.name(), coupon.totalQuantity(), state.issued(),
				state.loaded() ? state.remaining() : 0, coupon.issueStartsAt(), coupon.issueEndsAt());
	}

}
