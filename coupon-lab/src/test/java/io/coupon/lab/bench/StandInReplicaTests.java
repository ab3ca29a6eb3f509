package io.coupon.lab.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandInReplicaTests {

	private final StandInReplica replica = replica();

	@AfterEach
	void close() {
		this.replica.close();
	}

	@Test
	void shouldAnswerAnIssueRequestAsAReplicaDoes() {
		StandInReplica.Answer answer = this.replica.answer("POST", "/api/v1/coupons/7/issue", "42");

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.location()).isEqualTo("/api/v1/coupons/7/issues/42");
		assertThat(answer.contentType()).isEqualTo("application/json");
		assertThat(answer.body()).isEqualTo("{\"couponId\":7,\"userId\":42,\"position\":1,"
				+ "\"acceptedAt\":\"2026-12-01T10:00:00Z\",\"status\":\"PENDING\"}");
		assertThat(this.replica.answer("POST", "/api/v1/coupons/7/issue", "43").body()).contains("\"position\":2");
	}

	@Test
	void shouldAnswerABadUserOrCouponWithAProblemDetail() {
		StandInReplica.Answer noUser = this.replica.answer("POST", "/api/v1/coupons/7/issue", null);
		StandInReplica.Answer badCoupon = this.replica.answer("POST", "/api/v1/coupons/x/issue", "42");

		assertThat(noUser.status()).isEqualTo(400);
		assertThat(noUser.contentType()).isEqualTo("application/problem+json");
		assertThat(noUser.body()).contains("\"type\":\"https://coupon.example/problems/invalid-request\"")
			.contains("X-USER-ID");
		assertThat(badCoupon.status()).isEqualTo(400);
		assertThat(this.replica.answer("POST", "/api/v1/coupons/7/issue", "0").status()).isEqualTo(400);
	}

	@Test
	void shouldSayWhoItIsAndNothingElse() {
		assertThat(this.replica.answer("GET", "/api/v1/instance", null).body())
			.isEqualTo("{\"instanceId\":\"coupon-api:1\"}");
		assertThat(this.replica.answer("GET", "/api/v1/coupons/7/issue", "42").status()).isEqualTo(404);
		assertThat(this.replica.answer("GET", "/api/v1/other", null).body()).contains("/problems/not-found");
	}

	private static StandInReplica replica() {
		try {
			return new StandInReplica(0, "coupon-api:1", 1,
					Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
