package io.coupon.lab.check;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one read of the read-status scenario ended, as the client saw it. The status read's outcomes are those of
 * {@code ngrinder/read-status.groovy} (its {@code OUTCOMES} table and {@code classifyStatusRead}), one for one; the
 * coupon read's are the script's test 1, which passes on a 200 whose counts stay within the stock.
 */
public enum ReadOutcome {

	/** GET the coupon: 200, and its counts show no more issued than the stock. */
	COUNTS(null, "counts 200", true),
	/** GET the coupon: 200, but issuedQuantity is above totalQuantity: the coupon was oversold. */
	OVERSOLD(null, "counts 200 over the stock", false),
	/** GET the issue status: accepted and confirmed by Kafka, not yet written to MySQL by the worker. */
	PENDING("pending", "status PENDING 200", true),
	/** GET the issue status: the worker has written the row. */
	ISSUED("issued", "status ISSUED 200", true),
	/** GET the issue status: the user holds no coupon, a correct answer for most users. */
	NOT_ISSUED("notIssued", "issue-not-found 404", true),
	COUPON_NOT_FOUND("couponNotFound", "coupon-not-found 404", false),
	INVALID_REQUEST("invalidRequest", "invalid-request 400", false),
	OTHER_4XX("other4xx", "other 4xx", false),
	UNAVAILABLE("unavailable", "unavailable 503", false),
	BAD_GATEWAY("badGateway", "bad-gateway 502", false),
	GATEWAY_TIMEOUT("gatewayTimeout", "gateway-timeout 504", false),
	OTHER_STATUS("otherStatus", "other status or body", false),
	/** No answer within the request timeout, or the connection failed or broke. */
	NO_ANSWER("noAnswer", "no answer - timeout or network", false);

	// The script's regexes, so that both read a body alike.
	private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");

	private static final Pattern ISSUE_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

	private static final Pattern TOTAL_QUANTITY = Pattern.compile("\"totalQuantity\"\\s*:\\s*([0-9]+)");

	private static final Pattern ISSUED_QUANTITY = Pattern.compile("\"issuedQuantity\"\\s*:\\s*([0-9]+)");

	private final String ngrinderMarker;

	private final String description;

	private final boolean passes;

	ReadOutcome(String ngrinderMarker, String description, boolean passes) {
		this.ngrinderMarker = ngrinderMarker;
		this.description = description;
		this.passes = passes;
	}

	/**
	 * The name of this outcome's marker method, first column of the script's {@code OUTCOMES}; null for the coupon
	 * read's outcomes, which the script records as test 1 passing or failing.
	 */
	public String ngrinderMarker() {
		return this.ngrinderMarker;
	}

	/** The script's description of the outcome (its report's test name). */
	public String description() {
		return this.description;
	}

	/** Whether the script counts it as a pass; everything else is an error. */
	public boolean passes() {
		return this.passes;
	}

	/** Classifies an answer of {@code GET /api/v1/coupons/{id}/issues/{userId}}, as {@code classifyStatusRead}. */
	public static ReadOutcome ofStatusRead(int status, String body) {
		if (status == 200) {
			String value = firstGroup(ISSUE_STATUS, body);
			if (value.equals("PENDING")) {
				return PENDING;
			}
			if (value.equals("ISSUED")) {
				return ISSUED;
			}
			return OTHER_STATUS;
		}
		String type = firstGroup(PROBLEM_TYPE, body);
		if (status == 404 && type.endsWith("/problems/issue-not-found")) {
			return NOT_ISSUED;
		}
		return ofFailure(status, type);
	}

	/** Classifies an answer of {@code GET /api/v1/coupons/{id}}, which the script counts as test 1. */
	public static ReadOutcome ofCountsRead(int status, String body) {
		if (status == 200) {
			// A 200 without both counts passes, as in the script: only counts that are there can show an oversale.
			String total = firstGroup(TOTAL_QUANTITY, body);
			String issued = firstGroup(ISSUED_QUANTITY, body);
			boolean oversold = !total.isEmpty() && !issued.isEmpty()
					&& new BigInteger(issued).compareTo(new BigInteger(total)) > 0;
			return oversold ? OVERSOLD : COUNTS;
		}
		return ofFailure(status, firstGroup(PROBLEM_TYPE, body));
	}

	// The script's order of tests for everything that is not a passing answer.
	private static ReadOutcome ofFailure(int status, String problemType) {
		if (status == 404 && problemType.endsWith("/problems/coupon-not-found")) {
			return COUPON_NOT_FOUND;
		}
		if (status == 400) {
			return INVALID_REQUEST;
		}
		if (status >= 400 && status < 500) {
			return OTHER_4XX;
		}
		if (status == 503) {
			return UNAVAILABLE;
		}
		if (status == 502) {
			return BAD_GATEWAY;
		}
		if (status == 504) {
			return GATEWAY_TIMEOUT;
		}
		return OTHER_STATUS;
	}

	private static String firstGroup(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher((body != null) ? body : "");
		return matcher.find() ? matcher.group(1) : "";
	}

}
