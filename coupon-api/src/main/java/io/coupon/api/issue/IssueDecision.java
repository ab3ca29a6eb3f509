package io.coupon.api.issue;

/**
 * What a strategy decided for one request.
 *
 * @param position for a grant, the user's position in the issue order (1-based); otherwise 0
 */
record IssueDecision(Outcome outcome, long position) {

	static final IssueDecision ALREADY_ISSUED = new IssueDecision(Outcome.ALREADY_ISSUED, 0);

	static final IssueDecision SOLD_OUT = new IssueDecision(Outcome.SOLD_OUT, 0);

	static final IssueDecision NOT_LOADED = new IssueDecision(Outcome.NOT_LOADED, 0);

	static final IssueDecision REPUBLISH = new IssueDecision(Outcome.REPUBLISH, 0);

	static IssueDecision granted(long position) {
		return new IssueDecision(Outcome.GRANTED, position);
	}

	/** Maps the return codes of {@code issue.lua}, which the other strategies share. */
	static IssueDecision fromScriptResult(long result) {
		if (result >= 1) {
			return granted(result);
		}
		return switch ((int) result) {
			case -1 -> ALREADY_ISSUED;
			case -2 -> SOLD_OUT;
			case -3 -> NOT_LOADED;
			case -4 -> REPUBLISH;
			default -> throw new IllegalStateException("issue.lua returned an unknown code " + result);
		};
	}

	enum Outcome {

		/** The user now holds a slot, recorded as pending until Kafka confirms the event. */
		GRANTED,
		ALREADY_ISSUED,
		SOLD_OUT,
		/** Redis holds no state for this coupon (unknown, or Redis lost its data). */
		NOT_LOADED,
		/** The user's earlier publish ended indeterminate: publish the same issuance again. */
		REPUBLISH

	}

}
