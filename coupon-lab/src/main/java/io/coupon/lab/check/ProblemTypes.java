package io.coupon.lab.check;

/** Reads the answers of the API and the gateway, which are RFC 9457 problem details when they are errors. */
public final class ProblemTypes {

	private ProblemTypes() {
	}

	/** The {@code type} member of a problem detail, found without parsing the whole body. */
	public static String of(String body) {
		if (body == null) {
			return null;
		}
		int key = body.indexOf("\"type\"");
		if (key < 0) {
			return null;
		}
		int open = body.indexOf('"', body.indexOf(':', key) + 1);
		int close = (open < 0) ? -1 : body.indexOf('"', open + 1);
		return (close < 0) ? null : body.substring(open + 1, close);
	}

}
