package io.coupon.api.support;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the replica that answered on every response, so that the launcher can verify that the gateway routes to
 * every replica and the lab can measure each replica's share of the traffic.
 */
@Component
class InstanceIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Instance-Id";

	private final String instanceId;

	InstanceIdFilter(CouponProperties properties) {
		this.instanceId = properties.instanceId();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, this.instanceId);
		chain.doFilter(request, response);
	}

}
