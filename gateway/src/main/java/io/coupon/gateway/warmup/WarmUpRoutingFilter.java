package io.coupon.gateway.warmup;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends a warm-up request ({@link WarmUpTraffic}) to the warm-up's own upstream instead of a replica: just before the
 * load balancer, it replaces the route's {@code lb://coupon-api} address with the upstream's, so the load balancer
 * leaves it alone and the proxy calls the upstream. Every other request passes untouched.
 */
@Component
class WarmUpRoutingFilter implements GlobalFilter, Ordered {

	private final WarmUpTraffic traffic;

	WarmUpRoutingFilter(WarmUpTraffic traffic) {
		this.traffic = traffic;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI upstream = this.traffic.upstreamFor(exchange.getRequest());
		URI routed = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (upstream != null && routed != null) {
			exchange.getAttributes()
				.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, UriComponentsBuilder.fromUri(routed)
					.scheme(upstream.getScheme())
					.host(upstream.getHost())
					.port(upstream.getPort())
					.build(true)
					.toUri());
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
	}

}
