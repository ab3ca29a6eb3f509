package io.coupon.lab.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU groups of one suite: {@code <mount>/coupon-lab/<suite key>/<component>}, one per budgeted component (each
 * replica its own). The suite key comes from the state folder, so that two suites on one host (a test's and
 * {@code ./coupon up}'s) never share or remove each other's groups.
 */
public final class CpuCgroups {

	static final String ROOT_GROUP = "coupon-lab";

	/** How a group's directory goes: {@code rmdir} on a cgroup file system (its control files go with it). */
	@FunctionalInterface
	interface GroupRemover {

		void remove(Path group) throws IOException;

	}

	private final CpuController controller;

	private final Path base;

	private final GroupRemover remover;

	CpuCgroups(CpuController controller, Path stateDir, GroupRemover remover) {
		this.controller = controller;
		this.base = controller.mount().resolve(ROOT_GROUP).resolve(suiteKey(stateDir));
		this.remover = remover;
	}

	CpuCgroups(CpuController controller, Path stateDir) {
		this(controller, stateDir, Files::delete);
	}

	/** The folder of this suite's groups. */
	public Path base() {
		return this.base;
	}

	CpuController controller() {
		return this.controller;
	}

	/**
	 * Creates (or reuses) the component's group with a quota of {@code cpus}, and returns the file a process writes
	 * its pid to in order to join it.
	 */
	public Path prepare(String component, double cpus) {
		Path group = this.base.resolve(component);
		try {
			Files.createDirectories(this.base);
			this.controller.enableFor(this.base);
			Files.createDirectories(group);
			this.controller.setQuota(group, cpus);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not set the CPU budget of " + component + " in " + group + ": " + ex,
					ex);
		}
		return group.resolve("cgroup.procs");
	}

	/** Sets the quota of the component's existing group to {@code cpus}. */
	public void setQuota(String component, double cpus) {
		Path group = this.base.resolve(component);
		try {
			this.controller.setQuota(group, cpus);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not set the CPU budget of " + component + " in " + group + ": " + ex,
					ex);
		}
	}

	/** The components that have a group, by name. */
	public List<String> components() {
		return groups().stream().map((group) -> group.getFileName().toString()).toList();
	}

	/** Each group's throttling so far, by component. */
	public Map<String, Throttling> throttling() {
		Map<String, Throttling> throttling = new LinkedHashMap<>();
		for (Path group : groups()) {
			try {
				throttling.put(group.getFileName().toString(), this.controller.throttling(group));
			}
			catch (IOException ex) {
				// A group removed while reading (a replica scaled away) has nothing more to count.
			}
		}
		return throttling;
	}

	/**
	 * Removes every group of this suite. A process still in one (a budgeted process that outlived its suite) is moved
	 * to the root group first, unbudgeted: a group with a process in it cannot be removed.
	 *
	 * @return the groups removed
	 */
	public List<String> removeAll() {
		List<String> removed = new ArrayList<>();
		if (!Files.isDirectory(this.base)) {
			return removed;
		}
		for (Path group : groups()) {
			release(group);
			remove(group);
			removed.add(group.getFileName().toString());
		}
		remove(this.base);
		Path shared = this.base.getParent();
		try (Stream<Path> others = Files.list(shared)) {
			if (others.noneMatch(Files::isDirectory)) {
				remove(shared);
			}
		}
		catch (IOException ex) {
			// Another suite's groups, or already gone: left as is.
		}
		return removed;
	}

	/** Writes each pid left in {@code group} to the root group's {@code cgroup.procs}. */
	private void release(Path group) {
		try {
			for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
				if (!pid.isBlank()) {
					try {
						Files.writeString(this.controller.mount().resolve("cgroup.procs"), pid.trim());
					}
					catch (IOException ex) {
						// It exited meanwhile.
					}
				}
			}
		}
		catch (IOException ex) {
			// No procs file: nothing to move.
		}
	}

	private void remove(Path group) {
		// A process that just exited can keep its group busy for a moment.
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (true) {
			try {
				this.remover.remove(group);
				return;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					throw new UncheckedIOException("Could not remove the CPU group " + group, ex);
				}
				io.coupon.lab.Pauses.pause(Duration.ofMillis(100));
			}
		}
	}

	private List<Path> groups() {
		if (!Files.isDirectory(this.base)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(this.base)) {
			return entries.filter(Files::isDirectory).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not list " + this.base, ex);
		}
	}

	/**
	 * The command that runs {@code command} inside the group whose {@code cgroup.procs} is given: a shell writes its
	 * own pid there and then becomes the command ({@code exec} keeps the pid), so the process is in the group before
	 * it runs a single instruction of its own, and what it forks follows it. If the write fails, the shell exits
	 * with the error in the log.
	 */
	public static List<String> inside(Path procsFile, List<String> command) {
		List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
				procsFile.toString()));
		wrapped.addAll(command);
		return wrapped;
	}

	static String suiteKey(Path stateDir) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(stateDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
			return "suite-" + HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
