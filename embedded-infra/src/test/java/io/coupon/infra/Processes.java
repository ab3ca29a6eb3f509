package io.coupon.infra;

/**
 * Test helpers about processes.
 */
final class Processes {

	private Processes() {
	}

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	static String commandLine(long pid) {
		return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("");
	}

}
