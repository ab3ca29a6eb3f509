package io.coupon.lab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.coupon.lab.experiment.SaleAnswer.ALREADY_ISSUED;
import static io.coupon.lab.experiment.SaleAnswer.ISSUED;
import static io.coupon.lab.experiment.SaleAnswer.SOLD_OUT;
import static io.coupon.lab.experiment.SaleAnswer.TIMED_OUT;
import static io.coupon.lab.experiment.SaleAnswer.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

class FairnessTests {

	private static final long MS = 1_000_000;

	@Test
	void shouldFindAPerfectlyFairSaleWhenEveryWinnerSentBeforeEveryLoser() {
		Fairness fairness = Fairness.of(List.of(user(1, 0, ISSUED), user(2, 1, ISSUED), user(3, 2, ISSUED),
				user(4, 5, SOLD_OUT), user(5, 9, SOLD_OUT)));

		assertThat(fairness.winners()).isEqualTo(3);
		assertThat(fairness.losers()).isEqualTo(2);
		assertThat(fairness.windowMillis()).as("the last winner sent 3 ms before the first loser").isZero();
		assertThat(fairness.inversions()).isZero();
		assertThat(fairness.perfect()).isTrue();
	}

	@Test
	void shouldCountOneInversionAndItsWindowWhenOneWinnerSentAfterOneLoser() {
		// User 3 sent at 6 ms and won; user 4 sent at 5 ms and was sold out.
		Fairness fairness = Fairness.of(List.of(user(1, 0, ISSUED), user(2, 1, ISSUED), user(3, 6, ISSUED),
				user(4, 5, SOLD_OUT), user(5, 9, SOLD_OUT)));

		assertThat(fairness.windowMillis()).isEqualTo(1.0);
		assertThat(fairness.inversions()).isEqualTo(1);
		assertThat(fairness.perfect()).isFalse();
	}

	@Test
	void shouldCountEveryWinnerLoserPairOutOfOrder() {
		// Winners at 10 and 20 ms, losers at 0, 15 and 30 ms: (10,0), (20,0), (20,15).
		Fairness fairness = Fairness.of(List.of(user(1, 10, ISSUED), user(2, 20, ISSUED), user(3, 0, SOLD_OUT),
				user(4, 15, SOLD_OUT), user(5, 30, SOLD_OUT)));

		assertThat(fairness.inversions()).isEqualTo(3);
		assertThat(fairness.windowMillis()).isEqualTo(20.0);
	}

	@Test
	void shouldCountNoInversionForAWinnerAndALoserWhoSentAtTheSameTime() {
		Fairness fairness = Fairness.of(List.of(user(1, 4, ISSUED), user(2, 4, SOLD_OUT), user(3, 4, SOLD_OUT)));

		assertThat(fairness.inversions()).as("neither came first").isZero();
		assertThat(fairness.windowMillis()).isZero();
	}

	@Test
	void shouldTakeAUsersFirstSendNotItsRetry() {
		// User 1 first sent at 0 ms, got a 503, and won on its retry at 50 ms: it arrived before the loser at 10 ms.
		// User 3 first sent at 1 ms, timed out, and was sold out on its retry: an early user who lost.
		Fairness fairness = Fairness.of(List.of(new SaleUser(1, 0, 60 * MS, 2, ISSUED), user(2, 10, SOLD_OUT),
				new SaleUser(3, 1 * MS, 80 * MS, 2, SOLD_OUT), new SaleUser(4, 5 * MS, 90 * MS, 3, ALREADY_ISSUED)));

		assertThat(fairness.winners()).as("already-issued on a retry holds the coupon").isEqualTo(2);
		assertThat(fairness.losers()).isEqualTo(2);
		// Winner 4 (first sent at 5 ms) after loser 3 (1 ms): one inversion; winner 1 (0 ms) before both losers.
		assertThat(fairness.inversions()).isEqualTo(1);
		assertThat(fairness.windowMillis()).isEqualTo(4.0);
	}

	@Test
	void shouldLeaveUsersWithoutARightAnswerOutOfBothSides() {
		Fairness fairness = Fairness.of(List.of(user(1, 0, ISSUED), user(2, 1, SOLD_OUT),
				new SaleUser(3, 50 * MS, 99 * MS, 4, UNAVAILABLE), new SaleUser(4, 0, 99 * MS, 4, TIMED_OUT)));

		assertThat(fairness.winners()).isEqualTo(1);
		assertThat(fairness.losers()).isEqualTo(1);
		assertThat(fairness.inversions()).isZero();
	}

	@Test
	void shouldReportNothingToCompareWhenNobodyWasSoldOut() {
		Fairness fairness = Fairness.of(List.of(user(1, 3, ISSUED), user(2, 1, ISSUED)));

		assertThat(fairness.inversions()).isZero();
		assertThat(fairness.windowMillis()).isZero();
		assertThat(fairness.losers()).isZero();
	}

	@Test
	void shouldAgreeWithCountingEveryPairOnARandomHistory() {
		Random random = new Random(14);
		List<SaleUser> users = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			// Coarse times, so that ties happen.
			users.add(user(i, random.nextInt(300), random.nextInt(3) == 0 ? ISSUED : SOLD_OUT));
		}
		long pairs = 0;
		for (SaleUser winner : users) {
			for (SaleUser loser : users) {
				if (winner.answer() == ISSUED && loser.answer() == SOLD_OUT
						&& winner.firstSentNanos() > loser.firstSentNanos()) {
					pairs++;
				}
			}
		}

		assertThat(Fairness.of(users).inversions()).isEqualTo(pairs).isPositive();
	}

	private static SaleUser user(long id, long sentMillis, SaleAnswer answer) {
		return new SaleUser(id, sentMillis * MS, sentMillis * MS + 20 * MS, 1, answer);
	}

}
