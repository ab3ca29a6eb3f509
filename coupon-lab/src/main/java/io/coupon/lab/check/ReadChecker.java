package io.coupon.lab.check;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a read-only cell: reads change nothing, and what they answer agrees with MySQL. The issuance invariants
 * (I1-I5 of docs/invariants.md) are about issue requests; a read cell sends none while it is measured, so they are not
 * checked here.
 */
public final class ReadChecker {

	private ReadChecker() {
	}

	/**
	 * @param stock the coupon's total quantity
	 * @param before the coupon's state once the seed was written, before the first read
	 * @param after the coupon's state after the last read was answered
	 * @param oversoldReads coupon reads that showed more issued than the stock
	 * @param statusAnswers every measured status read, with its user
	 * @param rowUserIdsAfter the user id of every {@code issued_coupon} row of the coupon after the reads
	 */
	public static Verdict check(long stock, State before, State after, long oversoldReads,
			Collection<StatusAnswer> statusAnswers, List<Long> rowUserIdsAfter) {
		Set<Long> holders = new HashSet<>(rowUserIdsAfter);
		long issuedWithoutRow = 0;
		long notIssuedWithRow = 0;
		long pending = 0;
		for (StatusAnswer answer : statusAnswers) {
			boolean holds = holders.contains(answer.userId());
			if (answer.outcome() == ReadOutcome.ISSUED && !holds) {
				issuedWithoutRow++;
			}
			if (answer.outcome() == ReadOutcome.NOT_ISSUED && holds) {
				notIssuedWithRow++;
			}
			if (answer.outcome() == ReadOutcome.PENDING) {
				pending++;
			}
		}
		return new Verdict(stock, before, after, oversoldReads, statusAnswers.size(), issuedWithoutRow,
				notIssuedWithRow, pending);
	}

	/** One status read of the load. */
	public record StatusAnswer(long userId, ReadOutcome outcome) {

	}

	/** The coupon's issued state at one moment: its MySQL rows and Redis's count of granted slots. */
	public record State(long rows, long redisIssued) {

	}

	/**
	 * @param oversoldReads coupon reads whose issuedQuantity was above totalQuantity
	 * @param issuedWithoutRow ISSUED answers for a user without a row
	 * @param notIssuedWithRow issue-not-found answers for a user with a row
	 * @param pending PENDING answers: a slot granted in Redis and not written to MySQL yet. Reported, not a
	 * violation: the seed is drained before the reads, so these are grants whose publish is still unresolved
	 */
	public record Verdict(long stock, State before, State after, long oversoldReads, long statusReads,
			long issuedWithoutRow, long notIssuedWithRow, long pending) {

		/** Whether the rows or Redis's count changed while only reads were sent. */
		public boolean stateChanged() {
			return !this.before.equals(this.after);
		}

		public boolean passed() {
			return !stateChanged() && this.after.rows() <= this.stock && this.oversoldReads == 0
					&& this.issuedWithoutRow == 0 && this.notIssuedWithRow == 0;
		}

		@Override
		public String toString() {
			return String.format(
					"%s: stock=%d rows %d -> %d, Redis issued %d -> %d | oversold reads=%d, status reads=%d, "
							+ "ISSUED without a row=%d, not-issued with a row=%d, PENDING=%d",
					passed() ? "PASS" : "FAIL", this.stock, this.before.rows(), this.after.rows(),
					this.before.redisIssued(), this.after.redisIssued(), this.oversoldReads, this.statusReads,
					this.issuedWithoutRow, this.notIssuedWithRow, this.pending);
		}

	}

}
