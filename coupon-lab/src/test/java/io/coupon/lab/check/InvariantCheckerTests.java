package io.coupon.lab.check;

import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.check.InvariantChecker.Request;
import io.coupon.lab.check.InvariantChecker.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvariantCheckerTests {

	@Test
	void shouldPassACleanSellOut() {
		// stock 2: users 1 and 2 win, user 3 is told sold out, user 1 repeats and is told already issued
		Verdict verdict = InvariantChecker.check(2,
				List.of(new Request(1, Outcome.ISSUED), new Request(2, Outcome.ISSUED),
						new Request(3, Outcome.SOLD_OUT), new Request(1, Outcome.ALREADY_ISSUED)),
				List.of(1L, 2L));
		assertThat(verdict.passed()).isTrue();
		assertThat(verdict.usersConfirmed()).isEqualTo(2);
		assertThat(verdict).extracting(Verdict::lost, Verdict::duplicated, Verdict::overIssued, Verdict::unexpected,
				Verdict::indeterminate, Verdict::stranded)
			.containsOnly(0L);
	}

	@Test
	void shouldCountAConfirmedIssuanceWithoutARowAsLost() {
		Verdict verdict = InvariantChecker.check(5,
				List.of(new Request(1, Outcome.ISSUED), new Request(2, Outcome.ISSUED)), List.of(1L));
		assertThat(verdict.lost()).isOne();
		assertThat(verdict.passed()).isFalse();
	}

	@Test
	void shouldCountASecondRowForAUserAsDuplicated() {
		Verdict verdict = InvariantChecker.check(5, List.of(new Request(1, Outcome.ISSUED)), List.of(1L, 1L, 1L));
		assertThat(verdict.duplicated()).isEqualTo(2);
		assertThat(verdict.passed()).isFalse();
	}

	@Test
	void shouldCountRowsPastTheStockAsOverIssued() {
		List<Request> requests = new ArrayList<>();
		for (long user = 1; user <= 4; user++) {
			requests.add(new Request(user, Outcome.ISSUED));
		}
		Verdict verdict = InvariantChecker.check(3, requests, List.of(1L, 2L, 3L, 4L));
		assertThat(verdict.overIssued()).isOne();
		assertThat(verdict.passed()).isFalse();
	}

	@Test
	void shouldReportARowBehindAnErrorAsIndeterminateNotAsAFailure() {
		// user 2 was answered 503 (an indeterminate publish), and its issuance was published again later
		Verdict verdict = InvariantChecker.check(5,
				List.of(new Request(1, Outcome.ISSUED), new Request(2, Outcome.FAILED),
						new Request(3, Outcome.TIMED_OUT)),
				List.of(1L, 2L));
		assertThat(verdict.indeterminate()).isOne();
		assertThat(verdict.unexpected()).isZero();
		assertThat(verdict.passed()).isTrue();
	}

	@Test
	void shouldReportRowsNobodyWasPromisedAsUnexpected() {
		Verdict verdict = InvariantChecker.check(5,
				List.of(new Request(1, Outcome.ISSUED), new Request(2, Outcome.SOLD_OUT)), List.of(1L, 2L, 99L));
		assertThat(verdict.unexpected()).isEqualTo(2);
	}

	@Test
	void shouldMeasureTheOriginDesignsDoubleGrantsAndStrandedStock() {
		// set-incr: user 1 confirmed twice; its second grant took a unit of stock that now has no row
		Verdict verdict = InvariantChecker.check(3,
				List.of(new Request(1, Outcome.ISSUED), new Request(1, Outcome.ISSUED), new Request(2, Outcome.ISSUED),
						new Request(3, Outcome.SOLD_OUT)),
				List.of(1L, 2L));
		assertThat(verdict.usersConfirmedTwice()).isOne();
		assertThat(verdict.stranded()).isOne();
		assertThat(verdict.passed()).as("the unique key still kept one row per user").isTrue();
	}

	@Test
	void shouldMapResponsesToOutcomes() {
		assertThat(Outcome.of(201, null)).isEqualTo(Outcome.ISSUED);
		assertThat(Outcome.of(409, "https://coupon.example/problems/already-issued")).isEqualTo(Outcome.ALREADY_ISSUED);
		assertThat(Outcome.of(409, "https://coupon.example/problems/sold-out")).isEqualTo(Outcome.SOLD_OUT);
		assertThat(Outcome.of(409, "https://coupon.example/problems/not-open")).isEqualTo(Outcome.REJECTED);
		assertThat(Outcome.of(400, null)).isEqualTo(Outcome.REJECTED);
		assertThat(Outcome.of(503, null)).isEqualTo(Outcome.FAILED);
		assertThat(Outcome.of(504, null)).isEqualTo(Outcome.FAILED);
	}

}
