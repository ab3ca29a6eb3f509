package io.coupon.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finding and stopping recorded processes by pid only; never by name.
 */
final class ProcessTree {

	// /proc start times are in clock ticks; two readings of the same process agree far better.
	private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

	private ProcessTree() {
	}

	/**
	 * The live process with this pid, if it is the one that was recorded: a pid reused by an
	 * unrelated process after the recorded one died is never returned.
	 */
	static Optional<ProcessHandle> find(Long pid, Instant recordedStart) {
		if (pid == null) {
			return Optional.empty();
		}
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter((handle) -> {
			if (recordedStart == null) {
				return true;
			}
			Optional<Instant> start = handle.info().startInstant();
			return start.isEmpty()
					|| Duration.between(start.get(), recordedStart).abs().compareTo(START_TOLERANCE) <= 0;
		});
	}

	static Instant startOf(ProcessHandle handle) {
		return handle.info().startInstant().orElse(null);
	}

	/**
	 * SIGTERM to each root and all its descendants, up to {@code grace} for all of them to exit,
	 * then SIGKILL to whatever is left.
	 *
	 * @return whether everything had exited before SIGKILL was needed
	 */
	static boolean terminate(List<ProcessHandle> roots, Duration grace) {
		// The tree is taken first: once a parent dies its children are re-parented and lost.
		Set<ProcessHandle> all = new LinkedHashSet<>();
		for (ProcessHandle root : roots) {
			all.add(root);
			root.descendants().forEach(all::add);
		}
		all.forEach(ProcessHandle::destroy);
		if (awaitExit(all, grace)) {
			return true;
		}
		all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		awaitExit(all, Duration.ofSeconds(5));
		return false;
	}

	static boolean awaitExit(Set<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ProcessHandle> alive = new ArrayList<>(processes);
		while (true) {
			alive.removeIf((handle) -> !handle.isAlive());
			if (alive.isEmpty()) {
				return true;
			}
			if (System.nanoTime() > deadline) {
				return false;
			}
			Pauses.pause(Duration.ofMillis(100));
		}
	}

}
