package io.coupon.gateway.security;

import io.coupon.gateway.problem.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * The security filter's refusals as RFC 9457 problem details. A 401 or 403 carries the {@code WWW-Authenticate}
 * challenge of RFC 6750, and its detail says which rule failed but never why a token was refused (a bad signature and
 * an expired token read the same): a forger learns nothing from the answer.
 */
final class SecurityProblems {

	private final ProblemResponses responses;

	SecurityProblems(ProblemResponses responses) {
		this.responses = responses;
	}

	Mono<Void> noToken(ServerWebExchange exchange) {
		return this.responses.write(exchange, HttpStatus.UNAUTHORIZED, ProblemResponses.TYPE_BASE + "unauthorized",
				"Unauthorized", "This request needs an Authorization: Bearer token.",
				challenge("Bearer"));
	}

	Mono<Void> invalidToken(ServerWebExchange exchange) {
		return this.responses.write(exchange, HttpStatus.UNAUTHORIZED, ProblemResponses.TYPE_BASE + "unauthorized",
				"Unauthorized", "The bearer token is malformed, expired, not yet valid or not signed by a trusted key.",
				challenge("Bearer error=\"invalid_token\""));
	}

	Mono<Void> forbidden(ServerWebExchange exchange) {
		return this.responses.write(exchange, HttpStatus.FORBIDDEN, ProblemResponses.TYPE_BASE + "forbidden",
				"Forbidden", "The token does not allow this request: it needs the admin scope, or it is another user's.",
				challenge("Bearer error=\"insufficient_scope\""));
	}

	Mono<Void> refused(ServerWebExchange exchange, RequestFirewall.Refusal refusal) {
		return switch (refusal) {
			case METHOD -> this.responses.write(exchange, HttpStatus.METHOD_NOT_ALLOWED,
					ProblemResponses.TYPE_BASE + "method-not-allowed", "Method Not Allowed",
					"The gateway serves GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS only.", new HttpHeaders());
			case PATH -> this.responses.write(exchange, HttpStatus.BAD_REQUEST,
					ProblemResponses.TYPE_BASE + "invalid-request", "Bad Request",
					"The path must be plain: no encoded characters, path parameters, backslashes, empty, . or .. "
							+ "segments, and printable ASCII only.",
					new HttpHeaders());
		};
	}

	private static HttpHeaders challenge(String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, value);
		return headers;
	}

}
