package io.coupon.gateway.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The gateway's security, in one filter that runs before routing and before any endpoint (docs/security.md): the
 * firewall's checks, then, in {@code jwt} mode, the bearer token verified and the access rules applied. A request that
 * passes carries its {@link VerifiedToken} on to the rate limiter and the identity header. Nothing is kept between
 * requests: no session, no saved request, no cookie is ever read.
 *
 * <p>
 * A token that was sent is always verified, even on an open path: a bad token is refused wherever it is shown. When
 * the keys cannot be had (the identity provider's JWKS endpoint is down and none were fetched before) the answer is
 * 503 with Retry-After, not a 401 that would tell a client with a good token to sign in again.
 */
final class BearerTokenFilter implements WebFilter, Ordered {

	/** Where Spring Security's filter chain ran: before every other web filter of the gateway. */
	static final int ORDER = -100;

	private static final String BEARER = "Bearer ";

	private final RequestFirewall firewall = new RequestFirewall();

	private final AccessRules rules = new AccessRules();

	private final @Nullable TokenVerifier verifier;

	private final SecurityProblems problems;

	/** @param verifier null in {@code trusted-header} mode, where no token is checked */
	BearerTokenFilter(@Nullable TokenVerifier verifier, SecurityProblems problems) {
		this.verifier = verifier;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		SecurityResponseHeaders.addTo(exchange.getResponse().getHeaders());
		RequestFirewall.Refusal refusal = this.firewall.check(request);
		if (refusal != null) {
			return this.problems.refused(exchange, refusal);
		}
		if (this.verifier == null) {
			return chain.filter(exchange);
		}
		PathContainer path = request.getPath().pathWithinApplication();
		Access access = this.rules.required(request.getMethod(), path);
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null) {
			return (access == Access.OPEN) ? chain.filter(exchange) : this.problems.noToken(exchange);
		}
		if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return this.problems.invalidToken(exchange);
		}
		return this.verifier.verify(authorization.substring(BEARER.length()).trim())
			.onErrorMap(KeysUnavailableException.class,
					(ex) -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
							"The keys that sign tokens cannot be fetched right now; try again after Retry-After seconds.",
							ex))
			.flatMap((verified) -> {
				if (verified.isEmpty()) {
					return this.problems.invalidToken(exchange);
				}
				VerifiedToken token = verified.get();
				if (access != Access.OPEN && !this.rules.allows(access, token, path)) {
					return this.problems.forbidden(exchange);
				}
				token.attachTo(exchange);
				return chain.filter(exchange);
			});
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
