package io.coupon.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every server process this JVM started and has not stopped yet, stopped by one shutdown hook so
 * that no server outlives a JVM that exits normally.
 */
final class ChildProcesses {

	private static final Set<ServerProcess> running = new LinkedHashSet<>();

	private static boolean hookInstalled;

	private ChildProcesses() {
	}

	static synchronized void register(ServerProcess process) {
		if (!hookInstalled) {
			Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "coupon-infra-child-reaper"));
			hookInstalled = true;
		}
		running.add(process);
	}

	static synchronized void unregister(ServerProcess process) {
		running.remove(process);
	}

	private static void stopAll() {
		List<ServerProcess> snapshot;
		synchronized (ChildProcesses.class) {
			snapshot = new ArrayList<>(running);
		}
		// In parallel: a broker and a database each take a few seconds to shut down cleanly.
		List<Thread> stoppers = new ArrayList<>();
		for (ServerProcess process : snapshot) {
			stoppers.add(Thread.ofPlatform()
				.name("coupon-infra-stop-" + process.name())
				.start(() -> process.stop(Duration.ofSeconds(20))));
		}
		for (Thread stopper : stoppers) {
			try {
				stopper.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
