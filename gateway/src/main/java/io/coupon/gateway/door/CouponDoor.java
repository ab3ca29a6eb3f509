package io.coupon.gateway.door;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * This gateway's view of the coupons' door hashes in Redis. A request never waits for Redis: it is answered from the
 * last reading of its coupon, which a poller refreshes every {@code poll-interval} for every coupon asked for within
 * {@code forget-after}, with one HMGET per coupon (Lettuce pipelines them on one connection). A coupon is read from
 * the moment a replica answered a request for it with anything but 404 (see {@link DoorFilter}), so that requests
 * for ids that name no coupon cannot fill the list; until its first reading, its requests pass.
 *
 * <p>
 * Why polling and not Redis pub/sub: a message that says "stock is back" can be lost (a gateway reconnecting misses
 * what was published meanwhile), and a lost one would keep the door shut while stock remains. A reading that is
 * believed for {@code max-age} at most needs no message to arrive: when Redis stops answering, every reading ages out
 * and the door lets everything through.
 */
class CouponDoor implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CouponDoor.class);

	private static final List<Object> FIELDS = List.of(DoorKeys.SOLD_OUT, DoorKeys.OPENS_AT, DoorKeys.CLOSES_AT);

	/** How many HMGETs one poll keeps in flight at once. */
	private static final int CONCURRENT_READS = 64;

	private final ReactiveStringRedisTemplate redis;

	private final DoorProperties properties;

	private final Clock clock;

	private final LongSupplier nanoTime;

	// Coupons asked for recently, each with its latest reading (null until the first poll after it was first asked).
	private final Cache<Long, Slot> coupons;

	// Logs the moment the poll fails and the moment it works again, not once per poll in an outage.
	private final AtomicBoolean failing = new AtomicBoolean();

	private final @Nullable Disposable poller;

	/** A door that polls on its own every {@code poll-interval}. */
	CouponDoor(ReactiveStringRedisTemplate redis, DoorProperties properties, Clock clock) {
		this(redis, properties, clock, System::nanoTime, true);
	}

	/** @param polling false for tests that call {@link #poll()} themselves */
	CouponDoor(ReactiveStringRedisTemplate redis, DoorProperties properties, Clock clock, LongSupplier nanoTime,
			boolean polling) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.coupons = Caffeine.newBuilder()
			.expireAfterAccess(properties.forgetAfter().toMillis(), TimeUnit.MILLISECONDS)
			.maximumSize(properties.maxCoupons())
			.build();
		this.poller = polling ? Flux.interval(properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> poll(), 1)
			.subscribe() : null;
	}

	/**
	 * What the door answers for a request to issue this coupon now; {@link DoorReading.Verdict#PASS} lets it through,
	 * as it does for a coupon that is not being read.
	 */
	DoorReading.Verdict verdict(long couponId) {
		Slot slot = this.coupons.getIfPresent(couponId);
		DoorReading reading = (slot != null) ? slot.reading : null;
		if (reading == null) {
			return DoorReading.Verdict.PASS;
		}
		return reading.verdict(this.clock.instant(), this.nanoTime.getAsLong(), this.properties.maxAge(),
				this.properties.clockAllowance());
	}

	/** Whether the coupon is being read (asked for within {@code forget-after}). */
	boolean isTracked(long couponId) {
		return this.coupons.getIfPresent(couponId) != null;
	}

	/** Reads this coupon from the next poll on, until nobody asked for it for {@code forget-after}. */
	void track(long couponId) {
		this.coupons.get(couponId, (id) -> new Slot());
	}

	/** The latest reading of a coupon, if it has one: for the problem detail's text. */
	@Nullable DoorReading reading(long couponId) {
		Slot slot = this.coupons.getIfPresent(couponId);
		return (slot != null) ? slot.reading : null;
	}

	/**
	 * Whether this user holds a slot of the coupon (SISMEMBER on its users set), or an error when Redis fails or takes
	 * longer than {@code holder-check-timeout}: asked once per sold-out answer, never while the request waits for a
	 * poll.
	 */
	Mono<Boolean> holds(long couponId, String userId) {
		return this.redis.opsForSet()
			.isMember(DoorKeys.usersKey(couponId), userId)
			.timeout(this.properties.holderCheckTimeout());
	}

	/** Reads the door hash of every coupon asked for recently. A failed read leaves its reading to age out. */
	Mono<Void> poll() {
		List<Map.Entry<Long, Slot>> tracked = new ArrayList<>(this.coupons.asMap().entrySet());
		if (tracked.isEmpty()) {
			return Mono.empty();
		}
		long sentAt = this.nanoTime.getAsLong();
		return Flux.fromIterable(tracked)
			.flatMap((entry) -> read(entry.getKey(), sentAt).doOnNext((reading) -> entry.getValue().reading = reading),
					CONCURRENT_READS)
			.then()
			.timeout(this.properties.maxAge())
			.doOnSuccess((done) -> {
				if (this.failing.compareAndSet(true, false)) {
					logger.info("The door reads Redis again");
				}
			})
			.onErrorResume((ex) -> {
				if (this.failing.compareAndSet(false, true)) {
					logger.warn("The door cannot read Redis (" + ex + "); its readings age out within "
							+ this.properties.maxAge() + " and every request goes to the replicas meanwhile");
				}
				return Mono.empty();
			});
	}

	private Mono<DoorReading> read(long couponId, long sentAt) {
		return this.redis.<Object, Object>opsForHash()
			.multiGet(DoorKeys.key(couponId), FIELDS)
			.map((values) -> DoorReading.of(values, sentAt));
	}

	@Override
	public void close() {
		if (this.poller != null) {
			this.poller.dispose();
		}
	}

	private static final class Slot {

		private volatile @Nullable DoorReading reading;

	}

}
