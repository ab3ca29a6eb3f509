package io.coupon.lab.experiment;

/** The two requests of a read-status iteration, in the order they are sent, named as in ngrinder/read-status.groovy. */
public enum ReadRequest {

	/** {@code GET /api/v1/coupons/{id}}: the script's test 1. */
	COUPON_COUNTS("GET coupon counts"),
	/** {@code GET /api/v1/coupons/{id}/issues/{userId}}: the script's test 2. */
	ISSUE_STATUS("GET issue status");

	private final String label;

	ReadRequest(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
