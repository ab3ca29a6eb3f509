package io.coupon.lab.experiment;

import java.util.Locale;

/**
 * What the virtual users of a cell do, as the nGrinder scripts in {@code ngrinder/} do it: issue the coupon
 * ({@code issue-unique-users.groovy}, {@code issue-user-pool.groovy}), or read its counts and one user's issuance
 * ({@code read-status.groovy}).
 */
public enum Scenario {

	/** POST .../issue, one request per iteration: {@link IssueSimulation}. */
	ISSUE,
	/** GET the coupon, then GET one user's issue status, two requests per iteration: {@link ReadStatusSimulation}. */
	READ_STATUS;

	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static Scenario parse(String value) {
		for (Scenario scenario : values()) {
			if (scenario.label().equals(value)) {
				return scenario;
			}
		}
		throw new IllegalArgumentException("--scenario must be issue or read-status (or spike or ramp, alone), got " + value);
	}

}
