package io.coupon.gateway.door;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coupon.gateway.problem.ProblemResponses;
import io.coupon.gateway.security.VerifiedToken;
import io.coupon.gateway.warmup.WarmUpTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * would (409, the same problem type, title and detail), without a replica or Redis on the request's path (R15).
 *
 * <p>
 * Only a request that coupon-api would have answered so is answered here: {@code POST /api/v1/coupons/{id}/issue}
 * with a plain positive decimal coupon id and user id, no query string, and an {@code Accept} that takes a problem
 * detail. Anything else (a bad id, a query parameter, a missing user) goes on, so that coupon-api's 400 stays the
 * answer. The security filter, a web filter, runs first: a request without a valid token is refused 401 before the
 * door is asked. The door runs before the rate limiter: its answers cost neither a Redis call nor a replica, so they
 * do not count against the user's limit (docs/decisions.md).
 */
class DoorFilter implements GlobalFilter, Ordered {

	/** After the body limit (the first of all), before the rate limiter ({@code HIGHEST_PRECEDENCE + 200}). */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 150;

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

	DoorFilter(CouponDoor door, ProblemResponses responses, WarmUpTraffic warmUp, MeterRegistry meters) {
		this.door = door;
		this.responses = responses;
		this.warmUp = warmUp;
		this.soldOut = counter(meters, DoorReading.Verdict.SOLD_OUT);
		this.notOpenYet = counter(meters, DoorReading.Verdict.NOT_OPEN_YET);
		this.closed = counter(meters, DoorReading.Verdict.CLOSED);
	}

	private static Counter counter(MeterRegistry meters, DoorReading.Verdict verdict) {
		return Counter.builder("coupon.gateway.door")
			.description("Issue requests the gateway answered itself, by reason")
			.tag("reason", verdict.reason())
			.register(meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long couponId = answerableCouponId(exchange);
		if (couponId <= 0) {
			return chain.filter(exchange);
		}
		DoorReading.Verdict verdict = this.door.verdict(couponId);
		return switch (verdict) {
			case PASS -> this.door.isTracked(couponId) ? chain.filter(exchange)
					: chain.filter(exchange).doOnSuccess((done) -> trackUnlessUnknown(exchange, couponId));
			case SOLD_OUT -> {
				this.soldOut.increment();
				yield this.responses.write(exchange, HttpStatus.CONFLICT, SOLD_OUT_TYPE, SOLD_OUT_TITLE,
						"Coupon " + couponId + " is sold out", new HttpHeaders());
			}
			case NOT_OPEN_YET, CLOSED -> {
				((verdict == DoorReading.Verdict.CLOSED) ? this.closed : this.notOpenYet).increment();
				yield this.responses.write(exchange, HttpStatus.CONFLICT, NOT_OPEN_TYPE, NOT_OPEN_TITLE,
						notOpenDetail(couponId), new HttpHeaders());
			}
		};
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
				|| this.warmUp.upstreamFor(request) != null || !acceptsProblemDetails(request)
				|| !hasPlainUserId(exchange)) {
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

	/** The user coupon-api would read: the verified token's subject, or in trusted-header mode the client's header. */
	private static boolean hasPlainUserId(ServerWebExchange exchange) {
		VerifiedToken token = VerifiedToken.of(exchange);
		String user = (token != null) ? token.subject() : exchange.getRequest().getHeaders().getFirst("X-USER-ID");
		if (user == null || !USER_ID.matcher(user).matches()) {
			return false;
		}
		try {
			Long.parseLong(user);
			return true;
		}
		catch (NumberFormatException pastLongMaxValue) {
			return false;
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

}
