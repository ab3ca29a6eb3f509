package io.coupon.ngrinder;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table a Grinder worker logs when it ends ("Final statistics for this process"): per test number its successful
 * tests, its errors and its description. These are the counts the worker reports to nGrinder's console, the rows of
 * nGrinder's report.
 */
record FinalStatistics(Map<Integer, Row> tests) {

	private static final String HEADING = "Final statistics for this process:";

	private static final Pattern TEST_ROW = Pattern.compile("^Test (\\d+)\\s+(\\d+)\\s+(\\d+)\\s.*\"(.*)\"\\s*$");

	/** One test's row: "Tests" counts the successful calls only (Grinder puts failed ones under "Errors"). */
	record Row(int number, long tests, long errors, String description) {

		long calls() {
			return this.tests + this.errors;
		}

	}

	static FinalStatistics parse(String workerLog) {
		int heading = workerLog.lastIndexOf(HEADING);
		if (heading < 0) {
			throw new IllegalArgumentException("the worker log has no final statistics: the worker did not end normally");
		}
		Map<Integer, Row> tests = new TreeMap<>();
		for (String line : workerLog.substring(heading).split("\n")) {
			Matcher row = TEST_ROW.matcher(line);
			if (row.matches()) {
				int number = Integer.parseInt(row.group(1));
				tests.put(number, new Row(number, Long.parseLong(row.group(2)), Long.parseLong(row.group(3)),
						row.group(4)));
			}
		}
		return new FinalStatistics(tests);
	}

	/** The row of a test number; a test that was never called has none, which counts as 0 calls. */
	Row test(int number) {
		return this.tests.getOrDefault(number, new Row(number, 0, 0, ""));
	}

	long errors() {
		return this.tests.values().stream().mapToLong(Row::errors).sum();
	}

}
