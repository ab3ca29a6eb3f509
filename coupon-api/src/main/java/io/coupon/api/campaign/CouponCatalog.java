package io.coupon.api.campaign;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Coupon definitions by id, read from MySQL once per replica. Definitions never change after creation, so a hit
 * never goes stale; unknown ids are not cached, because the coupon may be created a moment later.
 */
@Component
public class CouponCatalog {

	private final CouponRepository repository;

	private final Map<Long, CouponDefinition> definitions = new ConcurrentHashMap<>();

	CouponCatalog(CouponRepository repository) {
		this.repository = repository;
	}

	public Optional<CouponDefinition> find(long couponId) {
		CouponDefinition cached = this.definitions.get(couponId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<CouponDefinition> loaded = this.repository.findById(couponId).map(Coupon::toDefinition);
		loaded.ifPresent((definition) -> this.definitions.put(couponId, definition));
		return loaded;
	}

}
