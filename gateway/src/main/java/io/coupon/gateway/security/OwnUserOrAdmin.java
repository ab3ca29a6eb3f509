package io.coupon.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * Allows a request about one user (a path variable) to that user's own token, or to an admin: a user may read
 * whether they got a coupon, not whether anyone else did.
 */
final class OwnUserOrAdmin implements ReactiveAuthorizationManager<AuthorizationContext> {

	private final String userVariable;

	private final String adminAuthority;

	OwnUserOrAdmin(String userVariable, String adminAuthority) {
		this.userVariable = userVariable;
		this.adminAuthority = adminAuthority;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		Object user = context.getVariables().get(this.userVariable);
		return authentication.filter(Authentication::isAuthenticated)
			.map((granted) -> (AuthorizationResult) new AuthorizationDecision(
					granted.getName().equals(user) || Authorities.has(granted, this.adminAuthority)))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

}
