package io.coupon.gateway.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTests {

	private final AccessRules rules = new AccessRules();

	private static final VerifiedToken USER = new VerifiedToken("1001", false);

	private static final VerifiedToken ADMIN = new VerifiedToken("ops-1", true);

	@Test
	void shouldOpenOnlyHealthInfoAndPrometheusToGet() {
		assertThat(required(HttpMethod.GET, "/actuator/health")).isEqualTo(Access.OPEN);
		assertThat(required(HttpMethod.GET, "/actuator/health/readiness")).isEqualTo(Access.OPEN);
		assertThat(required(HttpMethod.GET, "/actuator/info")).isEqualTo(Access.OPEN);
		assertThat(required(HttpMethod.GET, "/actuator/prometheus")).isEqualTo(Access.OPEN);
		assertThat(required(HttpMethod.POST, "/actuator/health")).isEqualTo(Access.DENIED);
		assertThat(required(HttpMethod.GET, "/actuator/env")).isEqualTo(Access.DENIED);
		assertThat(required(HttpMethod.GET, "/actuator")).isEqualTo(Access.DENIED);
		assertThat(required(HttpMethod.GET, "/")).isEqualTo(Access.DENIED);
	}

	@Test
	void shouldLetAnyUserIssueAndReadACoupon() {
		assertThat(required(HttpMethod.POST, "/api/v1/coupons/7/issue")).isEqualTo(Access.USER);
		assertThat(required(HttpMethod.GET, "/api/v1/coupons/7")).isEqualTo(Access.USER);
		assertThat(this.rules.allows(Access.USER, USER, path("/api/v1/coupons/7"))).isTrue();
	}

	@Test
	void shouldLetAUserReadOnlyTheirOwnIssuance() {
		Access access = required(HttpMethod.GET, "/api/v1/coupons/7/issues/1001");
		assertThat(access).isEqualTo(Access.OWN_USER_OR_ADMIN);
		assertThat(this.rules.allows(access, USER, path("/api/v1/coupons/7/issues/1001"))).isTrue();
		assertThat(this.rules.allows(access, USER, path("/api/v1/coupons/7/issues/1002"))).isFalse();
		assertThat(this.rules.allows(access, ADMIN, path("/api/v1/coupons/7/issues/1002"))).isTrue();
	}

	@Test
	void shouldKeepEverythingElseUnderApiForTheAdmin() {
		for (String path : new String[] { "/api/v1/coupons", "/api/v1/instance", "/api", "/api/v1/coupons/7/x" }) {
			assertThat(required(HttpMethod.POST, path)).as(path).isEqualTo(Access.ADMIN);
		}
		assertThat(required(HttpMethod.DELETE, "/api/v1/coupons/7/issue")).isEqualTo(Access.ADMIN);
		assertThat(this.rules.allows(Access.ADMIN, USER, path("/api/v1/coupons"))).isFalse();
		assertThat(this.rules.allows(Access.ADMIN, ADMIN, path("/api/v1/coupons"))).isTrue();
		assertThat(this.rules.allows(Access.DENIED, ADMIN, path("/actuator/env"))).isFalse();
	}

	private Access required(HttpMethod method, String path) {
		return this.rules.required(method, path(path));
	}

	private static PathContainer path(String path) {
		return PathContainer.parsePath(path);
	}

}
