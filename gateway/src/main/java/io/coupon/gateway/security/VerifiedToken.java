package io.coupon.gateway.security;

import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * What a bearer token that passed every check says: who the user is, and whether the token carries the admin scope.
 * The security filter puts it on the exchange; the rate limiter and the identity header read it from there.
 *
 * @param subject the token's {@code sub}: the user the replicas are told about
 * @param admin whether the token's {@code scope} (or {@code scp}) holds the admin scope
 */
public record VerifiedToken(String subject, boolean admin) {

	static final String ATTRIBUTE = VerifiedToken.class.getName();

	/** The exchange's verified token, or null when none was sent, the path needs none, or tokens are not checked. */
	public static @Nullable VerifiedToken of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	void attachTo(ServerWebExchange exchange) {
		exchange.getAttributes().put(ATTRIBUTE, this);
	}

}
