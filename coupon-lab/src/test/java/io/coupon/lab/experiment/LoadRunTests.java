package io.coupon.lab.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadRunTests {

	@Test
	void shouldFindTheProblemTypeWithoutParsingTheBody() {
		String soldOut = "{\"detail\":\"Coupon 1 is sold out\",\"instance\":\"/api/v1/coupons/1/issue\",\"status\":409,"
				+ "\"title\":\"Sold out\",\"type\":\"https://coupon.example/problems/sold-out\"}";

		assertThat(LoadRun.problemType(soldOut)).isEqualTo("https://coupon.example/problems/sold-out");
		assertThat(LoadRun.problemType("{ \"type\" : \"https://coupon.example/problems/already-issued\" }"))
			.isEqualTo("https://coupon.example/problems/already-issued");
		assertThat(LoadRun.problemType("{\"couponId\":1,\"userId\":2,\"status\":\"PENDING\"}")).isNull();
		assertThat(LoadRun.problemType("{\"type\":")).isNull();
		assertThat(LoadRun.problemType(null)).isNull();
	}

}
