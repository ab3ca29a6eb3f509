package io.coupon.gateway.security;

import io.coupon.gateway.problem.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers 401 and 403 as problem details, with the {@code WWW-Authenticate} challenge of RFC 6750. The detail says
 * which rule failed but never why a token was refused (a bad signature and an expired token read the same): a forger
 * learns nothing from the answer.
 */
final class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private final ProblemResponses responses;

	ProblemSecurityHandlers(ProblemResponses responses) {
		this.responses = responses;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		boolean tokenSent = ex instanceof InvalidBearerTokenException
				|| exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
		String detail = tokenSent ? "The bearer token is malformed, expired, not yet valid or not signed by a trusted key."
				: "This request needs an Authorization: Bearer token.";
		return this.responses.write(exchange, HttpStatus.UNAUTHORIZED, ProblemResponses.TYPE_BASE + "unauthorized",
				"Unauthorized", detail, headers);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return this.responses.write(exchange, HttpStatus.FORBIDDEN, ProblemResponses.TYPE_BASE + "forbidden",
				"Forbidden", "The token does not allow this request: it needs the admin scope, or it is another user's.",
				headers);
	}

}
