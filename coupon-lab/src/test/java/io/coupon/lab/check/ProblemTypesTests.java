package io.coupon.lab.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTypesTests {

	@Test
	void shouldFindTheProblemTypeWithoutParsingTheBody() {
		String soldOut = "{\"detail\":\"Coupon 1 is sold out\",\"instance\":\"/api/v1/coupons/1/issue\",\"status\":409,"
				+ "\"title\":\"Sold out\",\"type\":\"https://coupon.example/problems/sold-out\"}";

		assertThat(ProblemTypes.of(soldOut)).isEqualTo("https://coupon.example/problems/sold-out");
		assertThat(ProblemTypes.of("{ \"type\" : \"https://coupon.example/problems/already-issued\" }"))
			.isEqualTo("https://coupon.example/problems/already-issued");
		assertThat(ProblemTypes.of("{\"couponId\":1,\"userId\":2,\"status\":\"PENDING\"}")).isNull();
		assertThat(ProblemTypes.of("{\"type\":")).isNull();
		assertThat(ProblemTypes.of(null)).isNull();
	}

}
