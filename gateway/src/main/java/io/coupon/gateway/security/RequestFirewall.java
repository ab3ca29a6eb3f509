package io.coupon.gateway.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Refuses requests whose path could mean one thing to the gateway's access rules and another to a replica, before any
 * rule is applied: the gateway matches the raw path, and a replica (or anything behind it) may decode or normalise it
 * first. None of the API's paths ever needs what is refused here: an encoded character ({@code %}, which covers
 * {@code %2e%2e} and {@code %2f}), a path parameter ({@code ;}), a backslash, an empty segment ({@code //}), a
 * {@code .} or {@code ..} segment, or anything outside printable ASCII. Methods outside the usual seven are refused
 * too (TRACE, say, or made-up ones). Spring Security's firewall, which the gateway had before it verified tokens
 * itself, refused the same shapes.
 */
final class RequestFirewall {

	private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

	/** What is wrong with the request: a refusal with the reason to tell the client, or null when it may go on. */
	@Nullable Refusal check(ServerHttpRequest request) {
		if (!METHODS.contains(request.getMethod())) {
			return Refusal.METHOD;
		}
		String path = request.getURI().getRawPath();
		return (path == null || isCanonical(path)) ? null : Refusal.PATH;
	}

	static boolean isCanonical(String path) {
		int segmentStart = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c < 0x21 || c > 0x7e || c == '%' || c == ';' || c == '\\') {
				return false;
			}
			if (c == '/') {
				if (i > 0 && !isPlainSegment(path, segmentStart, i)) {
					return false;
				}
				segmentStart = i + 1;
			}
		}
		// The last segment may be empty: "/api/v1/coupons/" is a path, if not one the API serves.
		return segmentStart == path.length() || isPlainSegment(path, segmentStart, path.length());
	}

	/** Not empty, not {@code .}, not {@code ..}. */
	private static boolean isPlainSegment(String path, int start, int end) {
		int length = end - start;
		if (length == 0) {
			return false;
		}
		boolean dots = path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(start + 1) == '.'));
		return !dots;
	}

	enum Refusal {

		METHOD, PATH

	}

}
