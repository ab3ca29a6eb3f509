package io.coupon.lab.check;

import java.util.List;

import io.coupon.lab.check.ReadChecker.State;
import io.coupon.lab.check.ReadChecker.StatusAnswer;
import io.coupon.lab.check.ReadChecker.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadCheckerTests {

	// Users 1 and 2 hold the coupon (rows and Redis agree), user 3 does not.
	private static final State SEEDED = new State(2, 2);

	private static final List<Long> ROWS = List.of(1L, 2L);

	@Test
	void shouldPassReadsThatChangedNothingAndAgreedWithMySql() {
		Verdict verdict = ReadChecker.check(10, SEEDED, SEEDED, 0,
				List.of(new StatusAnswer(1, ReadOutcome.ISSUED), new StatusAnswer(3, ReadOutcome.NOT_ISSUED),
						new StatusAnswer(2, ReadOutcome.UNAVAILABLE)),
				ROWS);

		assertThat(verdict.passed()).as(verdict.toString()).isTrue();
		assertThat(verdict.statusReads()).isEqualTo(3);
		assertThat(verdict.stateChanged()).isFalse();
	}

	@Test
	void shouldFailWhenTheRowsOrRedisChangedDuringTheReads() {
		assertThat(ReadChecker.check(10, SEEDED, new State(3, 2), 0, List.of(), List.of(1L, 2L, 3L)).passed())
			.as("a row written while only reads were sent")
			.isFalse();
		assertThat(ReadChecker.check(10, SEEDED, new State(2, 3), 0, List.of(), ROWS).passed())
			.as("a slot granted while only reads were sent")
			.isFalse();
	}

	@Test
	void shouldFailAnswersThatContradictMySql() {
		Verdict verdict = ReadChecker.check(10, SEEDED, SEEDED, 0,
				List.of(new StatusAnswer(3, ReadOutcome.ISSUED), new StatusAnswer(1, ReadOutcome.NOT_ISSUED),
						new StatusAnswer(2, ReadOutcome.NOT_ISSUED)),
				ROWS);

		assertThat(verdict.issuedWithoutRow()).isOne();
		assertThat(verdict.notIssuedWithRow()).isEqualTo(2);
		assertThat(verdict.passed()).isFalse();
	}

	@Test
	void shouldFailOversoldCountsAndRowsPastTheStock() {
		assertThat(ReadChecker.check(10, SEEDED, SEEDED, 1, List.of(), ROWS).passed()).isFalse();
		assertThat(ReadChecker.check(1, SEEDED, SEEDED, 0, List.of(), ROWS).passed()).isFalse();
	}

	@Test
	void shouldCountPendingAnswersWithoutFailingThem() {
		Verdict verdict = ReadChecker.check(10, SEEDED, SEEDED, 0, List.of(new StatusAnswer(3, ReadOutcome.PENDING)),
				ROWS);

		assertThat(verdict.pending()).isOne();
		assertThat(verdict.passed()).isTrue();
	}

}
