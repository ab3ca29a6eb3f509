package io.coupon.gateway.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFirewallTests {

	private final RequestFirewall firewall = new RequestFirewall();

	@Test
	void shouldLetThroughEveryPathTheApiServes() {
		for (String path : List.of("/", "/api/v1/coupons", "/api/v1/coupons/7/issue", "/api/v1/coupons/7/issues/1001",
				"/actuator/health/readiness", "/api/v1/coupons/", "/api/v1/coupons/7.0/issue", "/a/...b")) {
			assertThat(RequestFirewall.isCanonical(path)).as(path).isTrue();
		}
	}

	@Test
	void shouldRefusePathsThatAReplicaCouldReadDifferently() {
		for (String path : List.of("/api/v1/coupons/7/issue;v=1", "/api/v1/%2e%2e/coupons", "/api%2fv1",
				"/api/v1/coupons/%37/issue", "//api/v1/coupons", "/api//v1", "/api/./v1", "/api/../actuator/env",
				"/api/v1/..", "/api/v1/.", "/api\\v1", "/api/v1/caf\u00e9", "/api/v1/a\u0000b", "/api/v1/a b")) {
			assertThat(RequestFirewall.isCanonical(path)).as(path).isFalse();
		}
	}

	@Test
	void shouldRefuseUnusualMethodsAndLetTheUsualOnesThrough() {
		assertThat(this.firewall.check(MockServerHttpRequest.method(HttpMethod.valueOf("TRACE"), "/api").build()))
			.isEqualTo(RequestFirewall.Refusal.METHOD);
		assertThat(this.firewall.check(MockServerHttpRequest.method(HttpMethod.valueOf("BREW"), "/api").build()))
			.isEqualTo(RequestFirewall.Refusal.METHOD);
		for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
				HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS)) {
			assertThat(this.firewall.check(MockServerHttpRequest.method(method, "/api/v1/coupons").build()))
				.as(method.name())
				.isNull();
		}
		assertThat(this.firewall.check(MockServerHttpRequest.get("/api/v1/coupons/7/issue;v=1").build()))
			.isEqualTo(RequestFirewall.Refusal.PATH);
	}

}
