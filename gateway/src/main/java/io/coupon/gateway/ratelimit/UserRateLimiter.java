package io.coupon.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets per user in Redis, shared by every gateway instance.
 *
 * <p>
 * A user's bucket is full after a refill window without requests (capacity / rate: 2 s by default), so the first
 * request of a user this gateway has not seen within that window may go at once: its token is recorded in Redis a
 * few milliseconds later, in one script call for every such user. Only the following requests of the same user within
 * the window ask Redis first. In a flash sale almost every user sends one request, so almost no request waits for
 * Redis, and the limiter costs one Redis call per batch instead of one per request (measured: the per-request call
 * cost the gateway about 0.2 ms of CPU per request, more than verifying the token).
 *
 * <p>
 * The price, stated in docs/security.md: with several gateway instances, a user's first request on each instance in a
 * window goes unasked, so a user can exceed the limit by one request per other instance per window. In strict mode
 * ({@code when-redis-fails=reject}) every request asks Redis first.
 */
class UserRateLimiter implements AutoCloseable {

	static final String KEY_PREFIX = "gateway:rate:";

	/** Users whose first requests are recorded per script call, at most. */
	static final int BATCH = 512;

	// Read once, as text: a script built on the resource itself checks the resource's last-modified time on every
	// call, and inside the packaged jar that check fails with a FileNotFoundException each time (a profile under
	// load counted thousands a minute).
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOKEN_BUCKET = RedisScript.of(script("scripts/token-bucket.lua"),
			List.class);

	private static final RedisScript<Long> RECORD_FIRST_REQUESTS = RedisScript
		.of(script("scripts/token-bucket-record.lua"), Long.class);

	private static final Mono<Decision> ALLOWED = Mono.just(new Decision(true, Duration.ZERO));

	private final ReactiveStringRedisTemplate redis;

	private final List<String> bucketArguments;

	private final boolean firstRequestsUnasked;

	// Users seen within a refill window, with the tokens spent on them that Redis has not recorded yet.
	private final Cache<String, AtomicInteger> recent;

	private final Queue<String> unrecorded = new ConcurrentLinkedQueue<>();

	private final Disposable recorder;

	/**
	 * @param recordEvery how often the first requests are recorded in Redis
	 * @param onRecordFailure told when a batch could not be recorded (its users got their requests uncounted)
	 */
	UserRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties, Duration recordEvery,
			Consumer<Throwable> onRecordFailure) {
		this.redis = redis;
		// A bucket left alone this long is full again: expiring it then forgets nothing.
		long refillMillis = Math.max(1000,
				(long) Math.ceil(properties.burstCapacity() * 1000 / properties.replenishRate()));
		this.bucketArguments = List.of(Double.toString(properties.replenishRate()),
				Integer.toString(properties.burstCapacity()), Long.toString(refillMillis));
		this.firstRequestsUnasked = properties.whenRedisFails() == RateLimitProperties.WhenRedisFails.ALLOW;
		this.recent = Caffeine.newBuilder()
			.expireAfterAccess(refillMillis, TimeUnit.MILLISECONDS)
			// About 15 MB. A user pushed out early by a larger crowd gets one more unasked request.
			.maximumSize(100_000)
			.build();
		this.recorder = Flux.interval(recordEvery)
			.onBackpressureDrop()
			.concatMap((tick) -> recordFirstRequests().onErrorResume((ex) -> {
				onRecordFailure.accept(ex);
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	/**
	 * Lets the user's request go at once, without asking Redis, when it is the first this gateway has seen of the
	 * user within a refill window: its token is recorded in the next batch. Synchronous, so that the request that
	 * nearly every user of a sale sends costs no reactive pipeline and no timer.
	 * @return false when Redis must be asked: call {@link #acquire}
	 */
	boolean takeFirstUnasked(String user) {
		if (!this.firstRequestsUnasked || this.recent.getIfPresent(user) != null) {
			return false;
		}
		if (this.recent.asMap().putIfAbsent(user, new AtomicInteger(1)) != null) {
			return false;
		}
		this.unrecorded.add(user);
		return true;
	}

	/** Takes one of the user's tokens: allowed, or how long until the user's next token. */
	Mono<Decision> acquire(String user) {
		if (takeFirstUnasked(user)) {
			return ALLOWED;
		}
		AtomicInteger unrecordedTokens = this.firstRequestsUnasked ? this.recent.getIfPresent(user) : null;
		return ask(user, (unrecordedTokens != null) ? unrecordedTokens.getAndSet(0) : 0);
	}

	private Mono<Decision> ask(String user, int unrecordedTokens) {
		List<String> arguments = new ArrayList<>(this.bucketArguments);
		arguments.add(Integer.toString(unrecordedTokens));
		return this.redis.execute(TOKEN_BUCKET, List.of(KEY_PREFIX + user), arguments)
			.next()
			.map(UserRateLimiter::decision);
	}

	/** Records the tokens of the first requests let through since the last batch, in one script call. */
	Mono<Void> recordFirstRequests() {
		List<String> keys = new ArrayList<>();
		List<String> arguments = new ArrayList<>(this.bucketArguments);
		String user;
		while (keys.size() < BATCH && (user = this.unrecorded.poll()) != null) {
			AtomicInteger unrecordedTokens = this.recent.policy().getIfPresentQuietly(user);
			int tokens = (unrecordedTokens != null) ? unrecordedTokens.getAndSet(0) : 0;
			// Zero when the user's next request already recorded it on its way to Redis.
			if (tokens > 0) {
				keys.add(KEY_PREFIX + user);
				arguments.add(Integer.toString(tokens));
			}
		}
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		return this.redis.execute(RECORD_FIRST_REQUESTS, keys, arguments).then().timeout(Duration.ofSeconds(1));
	}

	@Override
	public void close() {
		this.recorder.dispose();
	}

	private static Decision decision(List<?> reply) {
		boolean allowed = ((Number) reply.get(0)).longValue() == 1;
		return new Decision(allowed, Duration.ofMillis(((Number) reply.get(1)).longValue()));
	}

	private static String script(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the rate limiter's script " + path, ex);
		}
	}

	/** @param nextToken how long until the user's next token; zero when allowed */
	record Decision(boolean allowed, Duration nextToken) {

	}

}
