package io.coupon.lab.check;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the invariants I1-I5 of docs/invariants.md for one coupon, from what the load saw and what MySQL holds, in
 * the manner of Jepsen's set checker. It passes only when nothing was lost, duplicated or issued past the stock.
 */
public final class InvariantChecker {

	private InvariantChecker() {
	}

	/**
	 * @param stock the coupon's total quantity
	 * @param requests every issue request the load sent for this coupon, with its outcome
	 * @param rowUserIds the user id of every {@code issued_coupon} row of this coupon, one entry per row
	 */
	public static Verdict check(long stock, Collection<Request> requests, List<Long> rowUserIds) {
		Map<Long, Set<Outcome>> outcomesByUser = new HashMap<>();
		Map<Long, Integer> successesByUser = new HashMap<>();
		for (Request request : requests) {
			outcomesByUser.computeIfAbsent(request.userId(), (user) -> new HashSet<>()).add(request.outcome());
			if (request.outcome() == Outcome.ISSUED) {
				successesByUser.merge(request.userId(), 1, Integer::sum);
			}
		}
		Map<Long, Integer> rowsByUser = new HashMap<>();
		rowUserIds.forEach((user) -> rowsByUser.merge(user, 1, Integer::sum));

		long rows = rowUserIds.size();
		long duplicated = rowsByUser.values().stream().filter((n) -> n > 1).mapToLong((n) -> n - 1).sum();
		long overIssued = Math.max(0, rows - stock);
		long lost = successesByUser.keySet().stream().filter((user) -> !rowsByUser.containsKey(user)).count();
		long unexpected = 0;
		long indeterminate = 0;
		for (Long user : rowsByUser.keySet()) {
			Set<Outcome> seen = outcomesByUser.get(user);
			if (seen == null) {
				unexpected++;
			}
			else if (!seen.contains(Outcome.ISSUED)) {
				if (seen.stream().anyMatch(Outcome::isUncertain)) {
					indeterminate++;
				}
				else {
					unexpected++;
				}
			}
		}
		long usersConfirmedTwice = successesByUser.values().stream().filter((n) -> n > 1).count();
		// I5: every unit of stock ends with a user while users kept asking. Users who only ever saw uncertain
		// answers may or may not hold one, so they count on neither side.
		long eligibleUsers = outcomesByUser.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().stream().allMatch(Outcome::isUncertain))
			.count();
		long stranded = Math.max(0, Math.min(stock, eligibleUsers) - rows);
		return new Verdict(stock, requests.size(), outcomesByUser.size(), successesByUser.size(), rows, lost,
				duplicated, overIssued, unexpected, indeterminate, usersConfirmedTwice, stranded);
	}

	/** One issue request of the load. */
	public record Request(long userId, Outcome outcome) {

	}

	/**
	 * @param usersConfirmed distinct users who got at least one success
	 * @param lost users confirmed by a success response without a row (I3)
	 * @param duplicated rows beyond the first for a user (I2)
	 * @param overIssued rows beyond the stock (I1)
	 * @param unexpected rows for users who never asked, or who were only told no (I4)
	 * @param indeterminate rows for users who only got errors or timeouts: allowed, reported apart (I4)
	 * @param usersConfirmedTwice users answered success more than once (set-incr's violation; 0 for safe strategies)
	 * @param stranded stock left unissued although users kept asking (I5)
	 */
	public record Verdict(long stock, long requests, long users, long usersConfirmed, long rows, long lost,
			long duplicated, long overIssued, long unexpected, long indeterminate, long usersConfirmedTwice,
			long stranded) {

		/** Passes only when nothing was lost, duplicated or issued past the stock, as docs/invariants.md defines. */
		public boolean passed() {
			return this.lost == 0 && this.duplicated == 0 && this.overIssued == 0;
		}

		@Override
		public String toString() {
			return String.format(
					"%s: stock=%d requests=%d users=%d confirmed=%d rows=%d | lost=%d duplicated=%d over-issued=%d "
							+ "unexpected=%d indeterminate=%d confirmed-twice=%d stranded=%d",
					passed() ? "PASS" : "FAIL", this.stock, this.requests, this.users, this.usersConfirmed,
					this.rows, this.lost, this.duplicated, this.overIssued, this.unexpected, this.indeterminate,
					this.usersConfirmedTwice, this.stranded);
		}

	}

}
