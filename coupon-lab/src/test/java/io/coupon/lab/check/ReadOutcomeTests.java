package io.coupon.lab.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The table of ngrinder/read-status.groovy, row by row, with the API's and the gateway's real answers. */
class ReadOutcomeTests {

	private static final String PROBLEMS = "https://coupon.example/problems/";

	@Test
	void shouldClassifyStatusReadsAsTheScriptDoes() {
		assertThat(ReadOutcome.ofStatusRead(200, "{\"couponId\":1,\"userId\":7,\"status\":\"PENDING\"}"))
			.isEqualTo(ReadOutcome.PENDING);
		assertThat(ReadOutcome.ofStatusRead(200, "{\"couponId\":1,\"userId\":7,\"status\":\"ISSUED\"}"))
			.isEqualTo(ReadOutcome.ISSUED);
		assertThat(ReadOutcome.ofStatusRead(404, problem("issue-not-found", 404))).isEqualTo(ReadOutcome.NOT_ISSUED);
		assertThat(ReadOutcome.ofStatusRead(404, problem("coupon-not-found", 404)))
			.isEqualTo(ReadOutcome.COUPON_NOT_FOUND);
		assertThat(ReadOutcome.ofStatusRead(400, problem("invalid-request", 400)))
			.isEqualTo(ReadOutcome.INVALID_REQUEST);
		// A 404 of another type (an unknown path) is not a user without a coupon.
		assertThat(ReadOutcome.ofStatusRead(404, problem("not-found", 404))).isEqualTo(ReadOutcome.OTHER_4XX);
		assertThat(ReadOutcome.ofStatusRead(406, problem("not-acceptable", 406))).isEqualTo(ReadOutcome.OTHER_4XX);
		assertThat(ReadOutcome.ofStatusRead(503, problem("unavailable", 503))).isEqualTo(ReadOutcome.UNAVAILABLE);
		assertThat(ReadOutcome.ofStatusRead(502, problem("bad-gateway", 502))).isEqualTo(ReadOutcome.BAD_GATEWAY);
		assertThat(ReadOutcome.ofStatusRead(504, problem("gateway-timeout", 504)))
			.isEqualTo(ReadOutcome.GATEWAY_TIMEOUT);
		assertThat(ReadOutcome.ofStatusRead(500, "")).isEqualTo(ReadOutcome.OTHER_STATUS);
		// A 200 whose status the script does not know, or without a body, is not a pass.
		assertThat(ReadOutcome.ofStatusRead(200, "{\"status\":\"REVOKED\"}")).isEqualTo(ReadOutcome.OTHER_STATUS);
		assertThat(ReadOutcome.ofStatusRead(200, null)).isEqualTo(ReadOutcome.OTHER_STATUS);
	}

	@Test
	void shouldPassOnlyPendingIssuedAndNotIssuedAmongStatusReads() {
		assertThat(ReadOutcome.values()).filteredOn((outcome) -> outcome.ngrinderMarker() != null)
			.filteredOn(ReadOutcome::passes)
			.containsExactly(ReadOutcome.PENDING, ReadOutcome.ISSUED, ReadOutcome.NOT_ISSUED);
		assertThat(ReadOutcome.NO_ANSWER.passes()).isFalse();
	}

	@Test
	void shouldFailACouponReadWhoseCountsShowMoreIssuedThanTheStock() {
		String withinStock = "{\"id\":1,\"name\":\"sale\",\"totalQuantity\":10000,\"issuedQuantity\":10000,"
				+ "\"remainingQuantity\":0}";
		String oversold = "{\"id\":1,\"totalQuantity\":10000,\"issuedQuantity\":10001,\"remainingQuantity\":0}";

		assertThat(ReadOutcome.ofCountsRead(200, withinStock)).isEqualTo(ReadOutcome.COUNTS);
		assertThat(ReadOutcome.ofCountsRead(200, oversold)).isEqualTo(ReadOutcome.OVERSOLD);
		assertThat(ReadOutcome.OVERSOLD.passes()).isFalse();
		// As in the script: counts that are not there cannot show an oversale, and numbers past 64 bits still compare.
		assertThat(ReadOutcome.ofCountsRead(200, "{}")).isEqualTo(ReadOutcome.COUNTS);
		assertThat(ReadOutcome.ofCountsRead(200,
				"{\"totalQuantity\":99999999999999999999,\"issuedQuantity\":100000000000000000000}"))
			.isEqualTo(ReadOutcome.OVERSOLD);
		// Any other answer fails, classified as the status read's failures are.
		assertThat(ReadOutcome.ofCountsRead(404, problem("coupon-not-found", 404)))
			.isEqualTo(ReadOutcome.COUPON_NOT_FOUND);
		assertThat(ReadOutcome.ofCountsRead(503, problem("unavailable", 503))).isEqualTo(ReadOutcome.UNAVAILABLE);
		assertThat(ReadOutcome.ofCountsRead(204, "")).isEqualTo(ReadOutcome.OTHER_STATUS);
	}

	private static String problem(String type, int status) {
		return "{\"detail\":\"d\",\"instance\":\"/api/v1/coupons/1/issues/7\",\"status\":" + status
				+ ",\"title\":\"t\",\"type\":\"" + PROBLEMS + type + "\"}";
	}

}
