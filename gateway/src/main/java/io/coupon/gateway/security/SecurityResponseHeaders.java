package io.coupon.gateway.security;

import org.springframework.http.HttpHeaders;

/**
 * The response headers Spring Security wrote by default, kept when the gateway took over its security: no caching of
 * answers that may be about one user, no content sniffing, no framing. A replica's own header of the same name wins:
 * the routed answer's headers replace these.
 */
final class SecurityResponseHeaders {

	private SecurityResponseHeaders() {
	}

	static void addTo(HttpHeaders headers) {
		headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
		headers.set(HttpHeaders.PRAGMA, "no-cache");
		headers.set(HttpHeaders.EXPIRES, "0");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("X-Frame-Options", "DENY");
		headers.set("X-XSS-Protection", "0");
	}

}
