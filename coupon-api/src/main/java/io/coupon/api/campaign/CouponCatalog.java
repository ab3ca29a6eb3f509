package io.coupon.api.campaign;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Coupon definitions by id, read from MySQL once per replica. Definitions never change after creation, so a hit
 * never goes stale; unknown ids are not cached, because the coupon may be created a moment later.
 * <p>
 * A flash sale's first burst asks for the same unknown-to-this-replica coupon hundreds of times at once: one
 * request loads it and the others wait for that load, instead of all queueing for the connection pool.
 */
@Component
public class CouponCatalog {

	private final CouponRepository repository;

	private final Map<Long, CouponDefinition> definitions = new ConcurrentHashMap<>();

	private final Map<Long, CompletableFuture<Optional<CouponDefinition>>> loading = new ConcurrentHashMap<>();

	CouponCatalog(CouponRepository repository) {
		this.repository = repository;
	}

	public Optional<CouponDefinition> find(long couponId) {
		CouponDefinition cached = this.definitions.get(couponId);
		if (cached != null) {
			return Optional.of(cached);
		}
		CompletableFuture<Optional<CouponDefinition>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<CouponDefinition>> theirs = this.loading.putIfAbsent(couponId, mine);
		if (theirs != null) {
			return awaitLoad(theirs);
		}
		try {
			Optional<CouponDefinition> loaded = this.repository.findById(couponId).map(Coupon::toDefinition);
			loaded.ifPresent((definition) -> this.definitions.put(couponId, definition));
			mine.complete(loaded);
			return loaded;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(couponId, mine);
		}
	}

	private static Optional<CouponDefinition> awaitLoad(CompletableFuture<Optional<CouponDefinition>> load) {
		try {
			return load.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
