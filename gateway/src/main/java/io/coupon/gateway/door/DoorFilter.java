package io.coupon.gateway.door;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coupon.gateway.problem.ProblemResponses;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers an issue request for a coupon that is sold out, not open yet or closed at the gateway, exactly as coupon-api
 * would (409, the same problem type, title and detail), without a replica on the request's path (R15). Not open and
 * closed are answered from the door's reading alone; sold out only after one SISMEMBER found that the user holds no
 * slot, since coupon-api answers a holder {@code already-issued} (see {@link #soldOutUnlessHolder}).
 *
 * <p>
 * Only a request that coupon-api would have answered so is answered here: {@code POST /api/v1/coupons/{id}/issue}
 * with a plain positive decimal coupon id and user id, no query string, and an {@code Accept} that takes a problem
 * detail. Anything else (a bad id, a query parameter, a missing user) goes on, so that coupon-api's 400 stays the
 * answer. The security filter, a web filter, runs first: a request without a valid token is refused 401 before the
 * door is asked. The door runs before the rate limiter: its answers cost no replica and at most one SISMEMBER, so
 * they do not count against the user's limit (docs/decisions.md). A holder let through meets the limiter as usual.
 */
class DoorFilter implements GlobalFilter, Ordered {

	/** After the body limit (the first of all), before the rate limiter ({@code HIGHEST_PRECEDENCE + 200}). */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 150;

	private static final Log logger = LogFactory.getLog(DoorFilter.class);

	/** coupon-api's problem types for these answers ({@code ProblemType} there): type, title and status. */
	static final String SOLD_OUT_TYPE = ProblemResponses.TYPE_BASE + "sold-out";

	static final String SOLD_OUT_TITLE = "Coupon sold out";

	static final String NOT_OPEN_TYPE = ProblemResponses.TYPE_BASE + "not-open";

	static final String NOT_OPEN_TITLE = "Coupon not open for issuance";

	private static final Pattern ISSUE_PATH = Pattern.compile("/api/v1/coupons/([1-9][0-9]{0,18})/issue");

	private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");

	private final CouponDoor door;

	private final ProblemResponses responses;

	private final WarmUpTraffic warmUp;

	private final Counter soldOut;

	private final Counter notOpenYet;

	private final Counter closed;

	private final Map<HolderCheck, Counter> holderChecks = new EnumMap<>(HolderCheck.class);

	DoorFilter(CouponDoor door, ProblemResponses responses, WarmUpTraffic warmUp, MeterRegistry meters) {
		this.door = door;
		this.responses = responses;
		this.warmUp = warmUp;
		this.soldOut = counter(meters, DoorReading.Verdict.SOLD_OUT);
		this.notOpenYet = counter(meters, DoorReading.Verdict.NOT_OPEN_YET);
		this.closed = counter(meters, DoorReading.Verdict.CLOSED);
		for (HolderCheck check : HolderCheck.values()) {
			this.holderChecks.put(check, Counter.builder("coupon.gateway.door.holder-check")
				.description("Checks, before a sold-out answer at the door, whether the user holds the coupon")
				.tag("result", check.result)
				.register(meters));
		}
	}

	private static Counter counter(MeterRegistry meters, DoorReading.Verdict verdict) {
		return Counter.builder("coupon.gateway.door")
			.description("Issue requests the gateway answered itself, by reason")
			.tag("reason", verdict.reason())
			.register(meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String userId = plainUserId(exchange);
		long couponId = (userId != null) ? answerableCouponId(exchange) : 0;
		if (couponId <= 0) {
			return chain.filter(exchange);
		}
		DoorReading.Verdict verdict = this.door.verdict(couponId);
		return switch (verdict) {
			case PASS -> this.door.isTracked(couponId) ? chain.filter(exchange)
					: chain.filter(exchange).doOnSuccess((done) -> trackUnlessUnknown(exchange, couponId));
			case SOLD_OUT -> soldOutUnlessHolder(exchange, chain, couponId, userId);
			// coupon-api checks the window before the user's slot: a holder is answered not-open there too.
			case NOT_OPEN_YET, CLOSED -> {
				((verdict == DoorReading.Verdict.CLOSED) ? this.closed : this.notOpenYet).increment();
				yield this.responses.write(exchange, HttpStatus.CONFLICT, NOT_OPEN_TYPE, NOT_OPEN_TITLE,
						notOpenDetail(couponId), new HttpHeaders());
			}
		};
	}

	/**
	 * A user who holds a slot (an earlier request took a unit, whose answer they may never have seen, or whose publish
	 * is still indeterminate) goes to a replica, which answers {@code already-issued} or publishes the slot again; so
	 * does the request when the check fails or takes longer than {@code holder-check-timeout}. Everyone else is
	 * answered sold-out here. One SISMEMBER per sold-out answer.
	 */
	private Mono<Void> soldOutUnlessHolder(ServerWebExchange exchange, GatewayFilterChain chain, long couponId,
			String userId) {
		return this.door.holds(couponId, userId)
			.map((holds) -> holds ? HolderCheck.HOLDER : HolderCheck.NOT_HOLDER)
			.defaultIfEmpty(HolderCheck.FAILED)
			.onErrorResume((ex) -> {
				if (logger.isDebugEnabled()) {
					logger.debug("The door could not tell whether user " + userId + " holds coupon " + couponId
							+ " (" + ex + "); the replicas decide");
				}
				return Mono.just(HolderCheck.FAILED);
			})
			.flatMap((check) -> {
				this.holderChecks.get(check).increment();
				if (check != HolderCheck.NOT_HOLDER) {
					return chain.filter(exchange);
				}
				this.soldOut.increment();
				return this.responses.write(exchange, HttpStatus.CONFLICT, SOLD_OUT_TYPE, SOLD_OUT_TITLE,
						"Coupon " + couponId + " is sold out", new HttpHeaders());
			});
	}

	/** A replica answered for this coupon: read it from now on, unless the replica said there is no such coupon. */
	private void trackUnlessUnknown(ServerWebExchange exchange, long couponId) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status != null && status.value() != HttpStatus.NOT_FOUND.value()) {
			this.door.track(couponId);
		}
	}

	/** The coupon id of a request the door may answer; 0 for every other request. */
	private long answerableCouponId(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.POST || request.getURI().getRawQuery() != null
				|| this.warmUp.upstreamFor(request) != null || !acceptsProblemDetails(request)) {
			return 0;
		}
		Matcher path = ISSUE_PATH.matcher(request.getPath().pathWithinApplication().value());
		if (!path.matches()) {
			return 0;
		}
		try {
			return Long.parseLong(path.group(1));
		}
		catch (NumberFormatException pastLongMaxValue) {
			return 0;
		}
	}

	/**
	 * The user coupon-api would read, if it is a plain positive decimal: the verified token's subject, or in
	 * trusted-header mode the client's header. coupon-api stores it in the users set in that same form.
	 */
	private static @Nullable String plainUserId(ServerWebExchange exchange) {
		VerifiedToken token = VerifiedToken.of(exchange);
		String user = (token != null) ? token.subject() : exchange.getRequest().getHeaders().getFirst("X-USER-ID");
		if (user == null || !USER_ID.matcher(user).matches()) {
			return null;
		}
		try {
			Long.parseLong(user);
			return user;
		}
		catch (NumberFormatException pastLongMaxValue) {
			return null;
		}
	}

	private static boolean acceptsProblemDetails(ServerHttpRequest request) {
		List<MediaType> accepted = request.getHeaders().getAccept();
		return accepted.isEmpty() || accepted.stream()
			.anyMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
					|| type.isCompatibleWith(MediaType.APPLICATION_JSON));
	}

	/** coupon-api's words: "Coupon 7 is issued from 2030-01-01T00:00:00Z until (unbounded)". */
	private String notOpenDetail(long couponId) {
		DoorReading reading = this.door.reading(couponId);
		return "Coupon " + couponId + " is issued from " + describe((reading != null) ? reading.opensAt() : null)
				+ " until " + describe((reading != null) ? reading.closesAt() : null);
	}

	private static String describe(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : "(unbounded)";
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** What the holder check found, and the metric's result. */
	private enum HolderCheck {

		/** The user holds a slot: a replica answers. */
		HOLDER("holder"),
		/** The user holds none: sold out, answered here. */
		NOT_HOLDER("not-holder"),
		/** Redis failed or was too slow: a replica answers (fail open). */
		FAILED("failed");

		private final String result;

		HolderCheck(String result) {
			this.result = result;
		}

	}

}
