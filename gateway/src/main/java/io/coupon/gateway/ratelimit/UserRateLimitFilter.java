package io.coupon.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.coupon.gateway.security.VerifiedToken;
import io.coupon.gateway.warmup.WarmUpTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Limits every routed request per user (R8): the user is the verified token's subject (or, in {@code trusted-header}
 * mode, the {@code X-USER-ID} the client sent); a request without one is counted per client address. A user over the limit gets a 429 problem detail with {@code Retry-After}, and no replica sees the request.
 * Tokens with the admin scope are not counted: they belong to operators' tools, not to the sale's crowd.
 */
class UserRateLimitFilter implements GlobalFilter, Ordered, AutoCloseable {

	/** Before routing; the security filter, a web filter, has run before every gateway filter. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

	/** How often the tokens of first requests, let through without asking Redis, are recorded there. */
	static final Duration RECORD_EVERY = Duration.ofMillis(10);

	private static final Log logger = LogFactory.getLog(UserRateLimitFilter.class);

	private final UserRateLimiter limiter;

	private final RateLimitProperties properties;

	private final Counter allowed;

	private final Counter limited;

	private final Counter failedOpen;

	private final Counter failedClosed;

	// Logs the moment Redis stops answering and the moment it is back, not once per request in an outage.
	private final AtomicBoolean failing = new AtomicBoolean();

	// The gateway's own warm-up requests: neither limited nor counted, and they write nothing to Redis.
	private final WarmUpTraffic warmUp;

	UserRateLimitFilter(ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters,
			WarmUpTraffic warmUp) {
		this.warmUp = warmUp;
		this.limiter = new UserRateLimiter(redis, properties, RECORD_EVERY, this::recordFailed);
		this.properties = properties;
		this.allowed = counter(meters, "allowed");
		this.limited = counter(meters, "limited");
		this.failedOpen = counter(meters, "redis_failed_allowed");
		this.failedClosed = counter(meters, "redis_failed_rejected");
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("coupon.gateway.rate.limit")
			.description("Routed requests by the rate limiter's verdict")
			.tag("result", result)
			.register(meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		VerifiedToken token = VerifiedToken.of(exchange);
		if ((token != null && token.admin()) || this.warmUp.upstreamFor(exchange.getRequest()) != null) {
			return chain.filter(exchange);
		}
		String user = user(exchange, token);
		if (this.limiter.takeFirstUnasked(user)) {
			this.allowed.increment();
			return chain.filter(exchange);
		}
		return this.limiter.acquire(user)
			.timeout(this.properties.timeout())
			.map(this::verdict)
			.onErrorResume((ex) -> Mono.just(redisFailed(ex)))
			.flatMap((verdict) -> (verdict.refusal() == null) ? chain.filter(exchange) : Mono.error(verdict.refusal()));
	}

	private static String user(ServerWebExchange exchange, @Nullable VerifiedToken token) {
		if (token != null) {
			return "user:" + token.subject();
		}
		// trusted-header mode: the client's own header names the user.
		String user = exchange.getRequest().getHeaders().getFirst("X-USER-ID");
		if (user != null && !user.isEmpty()) {
			return "user:" + user;
		}
		InetSocketAddress client = exchange.getRequest().getRemoteAddress();
		return "address:" + ((client != null) ? client.getHostString() : "unknown");
	}

	private Verdict verdict(UserRateLimiter.Decision decision) {
		if (this.failing.compareAndSet(true, false)) {
			logger.info("The rate limiter reaches Redis again");
		}
		if (decision.allowed()) {
			this.allowed.increment();
			return Verdict.PASS;
		}
		this.limited.increment();
		return new Verdict(new RateLimitedException(decision.nextToken()));
	}

	private Verdict redisFailed(Throwable ex) {
		boolean allow = this.properties.whenRedisFails() == RateLimitProperties.WhenRedisFails.ALLOW;
		if (this.failing.compareAndSet(false, true)) {
			String now = allow ? "let through uncounted" : "answered 503";
			logger.warn("The rate limiter cannot reach Redis (" + ex + "); requests are now " + now
					+ " (coupon.rate-limit.when-redis-fails)");
		}
		if (allow) {
			this.failedOpen.increment();
			return Verdict.PASS;
		}
		this.failedClosed.increment();
		return new Verdict(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
				"The rate limiter cannot reach its store right now; try again after Retry-After seconds."));
	}

	private void recordFailed(Throwable ex) {
		if (this.failing.compareAndSet(false, true)) {
			logger.warn("The rate limiter cannot record first requests in Redis (" + ex + "); they go uncounted");
		}
	}

	@Override
	public void close() {
		this.limiter.close();
	}

	/** @param refusal what to answer instead of routing the request; null when it may go on */
	private record Verdict(@Nullable ResponseStatusException refusal) {

		static final Verdict PASS = new Verdict(null);

	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
