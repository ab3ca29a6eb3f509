package io.coupon.gateway.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the replicas who the user is: in {@code jwt} mode the {@code X-USER-ID} they read is the verified token's
 * subject, never what the client sent (R9). A client's own {@code X-USER-ID} is removed from every routed request,
 * whether or not it names the same user.
 */
@Component
public class UserIdentityFilter implements GlobalFilter, Ordered {

	/** The header the replicas take the user from. */
	static final String USER_ID = "X-USER-ID";

	/**
	 * The exchange attribute that is {@code true} when the token carries the admin scope: the rate limiter lets
	 * operators' tools (coupon creation, replica probes) through uncounted.
	 */
	public static final String ADMIN_ATTRIBUTE = "coupon.security.admin";

	/** Before the rate limiter, which counts requests per user, and before routing. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final boolean trustClientHeader;

	private final String adminAuthority;

	UserIdentityFilter(GatewaySecurityProperties properties) {
		this.trustClientHeader = properties.mode() == SecurityMode.TRUSTED_HEADER;
		this.adminAuthority = "SCOPE_" + properties.adminScope();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (this.trustClientHeader) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.map((principal) -> {
				if (principal instanceof Authentication authentication
						&& Authorities.has(authentication, this.adminAuthority)) {
					exchange.getAttributes().put(ADMIN_ATTRIBUTE, Boolean.TRUE);
				}
				return withUser(exchange, principal.getName());
			})
			.switchIfEmpty(Mono.fromSupplier(() -> withUser(exchange, null)))
			.flatMap(chain::filter);
	}

	private static ServerWebExchange withUser(ServerWebExchange exchange, @Nullable String user) {
		return exchange.mutate().request((request) -> request.headers((headers) -> {
			headers.remove(USER_ID);
			if (user != null) {
				headers.set(USER_ID, user);
			}
		})).build();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
