package io.coupon.ngrinder;

import java.util.ArrayList;
import java.util.List;

/**
 * Grinder's data log: one line per recorded test call, "Thread, Run, Test, Start time (ms since Epoch), Test time,
 * Errors, HTTP response code, ...". nGrinder's agent discards it; the worker logging of this module keeps it, so that
 * each run of each thread can be matched with the outcome the script recorded for it.
 */
final class DataLog {

	private DataLog() {
	}

	/** One test call: errors is 0 for a call that passed, 1 for one the script marked failed. */
	record Call(int thread, int run, int test, int errors, int httpStatus) {

	}

	static List<Call> parse(String dataLog) {
		List<Call> calls = new ArrayList<>();
		String[] lines = dataLog.split("\n");
		if (lines.length == 0 || !lines[0].startsWith("Thread, Run, Test, Start time (ms since Epoch), Test time, Errors")) {
			throw new IllegalArgumentException("not a Grinder data log: " + (lines.length == 0 ? "" : lines[0]));
		}
		for (int i = 1; i < lines.length; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			String[] columns = lines[i].split(",\\s*");
			int httpStatus = (columns.length > 6) ? Integer.parseInt(columns[6].trim()) : 0;
			calls.add(new Call(Integer.parseInt(columns[0].trim()), Integer.parseInt(columns[1].trim()),
					Integer.parseInt(columns[2].trim()), Integer.parseInt(columns[5].trim()), httpStatus));
		}
		return calls;
	}

}
