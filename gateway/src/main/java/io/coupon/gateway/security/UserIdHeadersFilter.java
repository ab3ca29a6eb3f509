package io.coupon.gateway.security;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the replicas who the user is (R9): in {@code jwt} mode the {@code X-USER-ID} of every routed request is the
 * verified token's subject, never what the client sent. A client's own {@code X-USER-ID} is removed whether or not it
 * names the same user, and a request without a verified token carries none.
 *
 * <p>
 * It works on the headers the gateway is about to send upstream, last among the header filters, instead of on a
 * mutated copy of the whole request: that saves a copy of every header per request, and the client's request stays
 * as it came for everything else the gateway does with it.
 */
final class UserIdHeadersFilter implements HttpHeadersFilter, Ordered {

	/** The header the replicas take the user from. */
	static final String USER_ID = "X-USER-ID";

	private final boolean trustClientHeader;

	/** @param trustClientHeader {@code trusted-header} mode: the client's {@code X-USER-ID} goes on as sent */
	UserIdHeadersFilter(boolean trustClientHeader) {
		this.trustClientHeader = trustClientHeader;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (this.trustClientHeader) {
			return input;
		}
		VerifiedToken token = VerifiedToken.of(exchange);
		if (token == null && !input.containsHeader(USER_ID)) {
			return input;
		}
		// The earlier header filters hand on a fresh, writable copy for the upstream request; the client's own
		// headers (read-only) are copied first. Not with new HttpHeaders(input): that would write through to them.
		HttpHeaders upstream = input;
		if (input.getClass() != HttpHeaders.class) {
			upstream = new HttpHeaders();
			upstream.putAll(input);
		}
		if (token == null) {
			upstream.remove(USER_ID);
		}
		else {
			upstream.set(USER_ID, token.subject());
		}
		return upstream;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
