package io.coupon.gateway.problem;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.coupon.gateway.CouponGatewayProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers the gateway's own failures as RFC 9457 problem details, with the same type URI base as
 * the coupon-api, so that a client reads every error of the platform the same way. Upstream
 * answers, errors included, are proxied unchanged and never reach this handler.
 *
 * <p>
 * Ordered just before Boot's default handler (order -1), which would answer a refused connection
 * as a 500 in its own JSON shape.
 */
@Component
@Order(-2)
class GatewayProblemHandler implements ErrorWebExceptionHandler {

	static final String TYPE_BASE = ProblemResponses.TYPE_BASE;

	private static final Log logger = LogFactory.getLog(GatewayProblemHandler.class);

	private final ProblemResponses responses;

	private final String retryAfterSeconds;

	GatewayProblemHandler(ProblemResponses responses, CouponGatewayProperties properties) {
		this.responses = responses;
		this.retryAfterSeconds = Long.toString(properties.retryAfter().toSeconds());
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			// The upstream status and headers are already on the wire: nothing can be said any more.
			return Mono.error(ex);
		}
		Problem problem = Problem.of(ex);
		problem.log(exchange, ex);
		HttpHeaders headers = new HttpHeaders();
		if (ex instanceof ErrorResponse error) {
			// Headers the failure chose itself, such as the rate limiter's Retry-After.
			headers.addAll(error.getHeaders());
		}
		if (problem.retryable() && !headers.containsHeader(HttpHeaders.RETRY_AFTER)) {
			headers.set(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		}
		return this.responses.write(exchange, problem.status(), problem.type(), problem.title(), problem.detail(),
				headers);
	}

	/**
	 * What went wrong, told to the client without internal addresses or stack traces.
	 *
	 * @param retryable whether a client may simply try again later: only when the request never
	 * reached a replica
	 */
	record Problem(HttpStatusCode status, String type, String title, String detail, boolean retryable) {

		static Problem of(Throwable ex) {
			// The load balancer found no instance (this is a ResponseStatusException too, so first).
			if (ex instanceof NotFoundException) {
				return unavailable("No coupon-api instance is available right now.");
			}
			// Every retry ended in a refused or timed-out connect: no replica received the request.
			if (hasCause(ex, ConnectException.class)) {
				return unavailable("No coupon-api instance accepted the connection.");
			}
			// The connection pool stayed exhausted: the request was never sent either.
			if (hasCause(ex, TimeoutException.class) && !(ex instanceof ErrorResponse)) {
				return unavailable("The gateway has no free connection to coupon-api right now.");
			}
			if (ex instanceof ErrorResponse error) {
				return ofStatus(error.getStatusCode(), error.getBody().getDetail());
			}
			// The replica closed the connection before answering: it may have processed the request.
			if (hasCause(ex, IOException.class)) {
				return new Problem(HttpStatus.BAD_GATEWAY, TYPE_BASE + "bad-gateway", "Bad Gateway",
						"coupon-api closed the connection without a complete answer; the request may have been processed.",
						false);
			}
			return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "about:blank", "Internal Server Error",
					"The gateway failed to handle the request.", false);
		}

		private static Problem ofStatus(HttpStatusCode status, @Nullable String reason) {
			if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
				return new Problem(status, TYPE_BASE + "too-many-requests", "Too Many Requests",
						(reason != null) ? reason : "Too many requests; try again later.", false);
			}
			if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
				return new Problem(status, TYPE_BASE + "gateway-timeout", "Gateway Timeout",
						"coupon-api did not answer in time; the request may still have been processed.", false);
			}
			if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
				return unavailable((reason != null) ? reason : "coupon-api is unavailable right now.");
			}
			if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
				return new Problem(status, TYPE_BASE + "payload-too-large", "Content Too Large",
						"The request body is larger than the gateway accepts.", false);
			}
			if (status.value() == HttpStatus.NOT_FOUND.value()) {
				return new Problem(status, TYPE_BASE + "not-found", "Not Found", "No resource at this path.", false);
			}
			HttpStatus known = HttpStatus.resolve(status.value());
			String title = (known != null) ? known.getReasonPhrase() : "Error";
			return new Problem(status, "about:blank", title, title + ".", false);
		}

		private static Problem unavailable(String detail) {
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, TYPE_BASE + "unavailable", "Service Unavailable", detail,
					true);
		}

		private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
			return false;
		}

		void log(ServerWebExchange exchange, Throwable ex) {
			if (this.status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
				logger.error(exchange.getLogPrefix() + "Unexpected gateway failure", ex);
			}
			else if (this.retryable) {
				// Expected while replicas come and go, and one line per request in an outage:
				// the 503 answers themselves are what a dashboard counts.
				if (logger.isDebugEnabled()) {
					logger.debug(describe(exchange, ex));
				}
			}
			else if (this.status.is5xxServerError()) {
				// A timeout or a broken answer leaves the outcome unknown: worth seeing each one.
				logger.warn(describe(exchange, ex));
			}
		}

		private String describe(ServerWebExchange exchange, Throwable ex) {
			return exchange.getLogPrefix() + this.status.value() + " " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath() + ": " + ex;
		}

	}

}
