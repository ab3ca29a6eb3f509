package io.coupon.lab.experiment;

import java.util.List;
import java.util.Map;

import io.coupon.lab.check.InvariantChecker;
import io.coupon.lab.check.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SaleResultTests {

	private static final long MS = 1_000_000;

	private static final long START = 1_000 * MS;

	@Test
	void shouldTimeTheSellOutToTheAnswerThatGaveTheLastCoupon() {
		SaleResult result = result(List.of(new SaleUser(1, START, START + 30 * MS, 1, SaleAnswer.ISSUED),
				new SaleUser(2, START, START + 45 * MS, 2, SaleAnswer.ISSUED),
				new SaleUser(3, START, START + 60 * MS, 1, SaleAnswer.SOLD_OUT)));

		assertThat(result.sellOutMillis()).hasValue(45.0);
		assertThat(result.retries()).isEqualTo(1);
		assertThat(result.usersByAnswer()).containsEntry(SaleAnswer.ISSUED, 2L)
			.containsEntry(SaleAnswer.SOLD_OUT, 1L)
			.containsEntry(SaleAnswer.TIMED_OUT, 0L);
		assertThat(result.userWaits().max()).isEqualTo(60);
	}

	@Test
	void shouldNotCallASaleSoldOutWhenNobodyWasToldSo() {
		SaleResult result = result(List.of(new SaleUser(1, START, START + 30 * MS, 1, SaleAnswer.ISSUED),
				new SaleUser(2, START, START + 40 * MS, 4, SaleAnswer.TIMED_OUT)));

		assertThat(result.sellOutMillis()).isEmpty();
		assertThat(result.usersWithoutAnswer()).isEqualTo(1);
	}

	@Test
	void shouldTellRateLimitsAndUnavailabilityApartFromOtherErrors() {
		assertThat(SaleAnswer.of(429, null)).isEqualTo(SaleAnswer.RATE_LIMITED);
		assertThat(SaleAnswer.of(503, null)).isEqualTo(SaleAnswer.UNAVAILABLE);
		assertThat(SaleAnswer.of(-1, null)).isEqualTo(SaleAnswer.TIMED_OUT);
		assertThat(SaleAnswer.of(500, null)).isEqualTo(SaleAnswer.ERROR);
		assertThat(SaleAnswer.of(502, null)).isEqualTo(SaleAnswer.GATEWAY_ERROR);
		assertThat(SaleAnswer.of(504, null)).isEqualTo(SaleAnswer.GATEWAY_ERROR);
		assertThat(SaleAnswer.of(409, "https://coupon.example/problems/sold-out")).isEqualTo(SaleAnswer.SOLD_OUT);
		assertThat(SaleAnswer.of(201, null)).isEqualTo(SaleAnswer.ISSUED);
		assertThat(SaleAnswer.values()).filteredOn(SaleAnswer::retryable)
			.as("a client retries only what said nothing about the coupon")
			.containsExactly(SaleAnswer.UNAVAILABLE, SaleAnswer.GATEWAY_ERROR, SaleAnswer.TIMED_OUT);
	}

	private static SaleResult result(List<SaleUser> users) {
		return new SaleResult(START, START + 100 * MS, Map.of(), Map.of(), Latencies.NONE, users,
				List.of(new InvariantChecker.Request(1, Outcome.ISSUED)));
	}

}
