package io.coupon.api.support;

import java.util.regex.Pattern;

/**
 * Parses the ids that arrive as text (path segments, the {@code X-USER-ID} header). Both must be positive 64-bit
 * integers written in plain decimal: no sign, no leading zeros, no white space, no overflow.
 */
public final class Ids {

	private static final Pattern POSITIVE_DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");

	private Ids() {
	}

	public static long couponId(String text) {
		return parse(text, "coupon id");
	}

	public static long userId(String text) {
		if (text == null || text.isEmpty()) {
			throw new ProblemException(ProblemType.INVALID_REQUEST, "The X-USER-ID header is required");
		}
		return parse(text, "X-USER-ID");
	}

	private static long parse(String text, String what) {
		if (text == null || !POSITIVE_DECIMAL.matcher(text).matches()) {
			throw new ProblemException(ProblemType.INVALID_REQUEST,
					what + " must be a positive 64-bit integer, got '" + abbreviate(text) + "'");
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new ProblemException(ProblemType.INVALID_REQUEST,
					what + " must be a positive 64-bit integer, got '" + abbreviate(text) + "'");
		}
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
