package io.coupon.api.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A coupon definition as an admin writes it. {@code JsonBodyReader} has already refused whatever JSON would read
 * only by guessing; {@link #problems} refuses what reads fine but cannot be served as written. A definition that
 * passes both is stored exactly as sent: nothing is trimmed, rounded or moved.
 * <p>
 * The properties the server owns are named here so that a request carrying one is refused instead of having it
 * silently dropped (the strict reader turns {@code @JsonIgnoreProperties} into a refusal).
 *
 * @param issueStartsAt inclusive; absent or null: open from creation
 * @param issueEndsAt exclusive; absent or null: open until sold out
 */
@JsonIgnoreProperties({ "id", "issuedQuantity", "remainingQuantity" })
record CreateCouponRequest(String name, Integer totalQuantity, Instant issueStartsAt, Instant issueEndsAt) {

	/** In characters (code points), as the {@code VARCHAR(100)} utf8mb4 column counts them. */
	static final int MAX_NAME_LENGTH = 100;

	/** Bounded so that an absurd stock (a typo, a unit mistake) is refused instead of silently accepted. */
	static final int MAX_QUANTITY = 100_000_000;

	/**
	 * How far in the past a start may be. A start already past opens the sale at once, which is what leaving
	 * {@code issueStartsAt} out says; written, it is more likely a wrong year or zone. The minute absorbs clock skew
	 * and a client that writes "now".
	 */
	static final Duration PAST_START_TOLERANCE = Duration.ofMinutes(1);

	/** The latest instant a {@code DATETIME(6)} column holds. */
	static final Instant LATEST_STORABLE = Instant.parse("9999-12-31T23:59:59.999999Z");

	/** Every rule this definition breaks, each as "field: what is wrong"; empty when it can be served as written. */
	List<String> problems(Instant now) {
		List<String> problems = new ArrayList<>();
		String nameProblem = nameProblem();
		if (nameProblem != null) {
			problems.add("name: " + nameProblem);
		}
		if (this.totalQuantity == null) {
			problems.add("totalQuantity: required");
		}
		else if (this.totalQuantity < 1 || this.totalQuantity > MAX_QUANTITY) {
			problems.add("totalQuantity: must be from 1 to " + MAX_QUANTITY + ", got " + this.totalQuantity);
		}
		timeProblems("issueStartsAt", this.issueStartsAt, problems);
		timeProblems("issueEndsAt", this.issueEndsAt, problems);
		if (this.issueStartsAt != null && this.issueStartsAt.isBefore(now.minus(PAST_START_TOLERANCE))) {
			problems.add("issueStartsAt: " + this.issueStartsAt + " has passed; leave issueStartsAt out to open the "
					+ "coupon at once");
		}
		if (this.issueEndsAt != null && !this.issueEndsAt.isAfter(now)) {
			problems.add("issueEndsAt: " + this.issueEndsAt + " has passed; the coupon could never be issued");
		}
		if (this.issueStartsAt != null && this.issueEndsAt != null && !this.issueEndsAt.isAfter(this.issueStartsAt)) {
			problems.add("issueEndsAt: must be after issueStartsAt");
		}
		return problems;
	}

	private String nameProblem() {
		if (this.name == null) {
			return "required";
		}
		if (this.name.isBlank()) {
			return "must not be blank";
		}
		if (!this.name.strip().equals(this.name)) {
			return "must not start or end with white space (the name is stored as sent)";
		}
		if (this.name.codePoints().anyMatch(Character::isISOControl)) {
			return "must not contain control characters (such as a tab or a line break)";
		}
		if (this.name.codePoints().anyMatch((codePoint) -> Character.getType(codePoint) == Character.SURROGATE)) {
			return "must be well-formed Unicode (it holds an unpaired surrogate)";
		}
		int length = this.name.codePointCount(0, this.name.length());
		if (length > MAX_NAME_LENGTH) {
			return "at most " + MAX_NAME_LENGTH + " characters, got " + length;
		}
		return null;
	}

	/** What the {@code DATETIME(6)} columns could not store as sent. */
	private static void timeProblems(String field, Instant instant, List<String> problems) {
		if (instant == null) {
			return;
		}
		if (instant.getNano() % 1_000 != 0) {
			problems.add(field + ": finer than a microsecond, which the database would round");
		}
		if (instant.isAfter(LATEST_STORABLE)) {
			problems.add(field + ": after " + LATEST_STORABLE + ", the latest the database stores");
		}
	}

}
