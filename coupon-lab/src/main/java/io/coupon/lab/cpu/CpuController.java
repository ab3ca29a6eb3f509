package io.coupon.lab.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One mounted cgroup hierarchy that has the {@code cpu} controller, and how its files set a CPU quota and count
 * throttling: cgroup v2's {@code cpu.max}, or cgroup v1's {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}.
 * Both move a process with {@code cgroup.procs} (every thread of it), and both put children forked afterwards in
 * their parent's group.
 */
sealed interface CpuController permits CpuController.V1, CpuController.V2 {

	/** The kernel's default enforcement period, kept: quotas are a share of it. */
	long PERIOD_MICROS = 100_000;

	/** Where the hierarchy is mounted: its root group. */
	Path mount();

	/** For reports: {@code cgroup v1 (cpu.cfs_quota_us)} or {@code cgroup v2 (cpu.max)}. */
	String describe();

	/** Makes the {@code cpu} controller available to the groups created in {@code parent}. */
	void enableFor(Path parent) throws IOException;

	/** Sets {@code group}'s quota to {@code cpus} CPUs per period. */
	void setQuota(Path group, double cpus) throws IOException;

	/** Reads {@code group}'s {@code cpu.stat}. */
	Throttling throttling(Path group) throws IOException;

	static long quotaMicros(double cpus) {
		return Math.max(1000, Math.round(cpus * PERIOD_MICROS));
	}

	static Map<String, Long> stat(Path group) throws IOException {
		Map<String, Long> values = new HashMap<>();
		for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
			String[] parts = line.trim().split("\\s+");
			if (parts.length == 2) {
				try {
					values.put(parts[0], Long.parseLong(parts[1]));
				}
				catch (NumberFormatException ex) {
					// A field this lab does not read.
				}
			}
		}
		return values;
	}

	/** cgroup v1: a hierarchy of its own per controller; every group has the cpu files. */
	record V1(Path mount) implements CpuController {

		@Override
		public String describe() {
			return "cgroup v1 (cpu.cfs_quota_us / cpu.cfs_period_us)";
		}

		@Override
		public void enableFor(Path parent) {
			// Every group of a v1 cpu hierarchy has the controller.
		}

		@Override
		public void setQuota(Path group, double cpus) throws IOException {
			Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
			Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(cpus)));
		}

		@Override
		public Throttling throttling(Path group) throws IOException {
			Map<String, Long> stat = stat(group);
			return new Throttling(stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
					Duration.ofNanos(stat.getOrDefault("throttled_time", 0L)));
		}

	}

	/**
	 * cgroup v2: one hierarchy; a group's children have the cpu controller once its {@code cgroup.subtree_control}
	 * enables it, from the root down.
	 */
	record V2(Path mount) implements CpuController {

		@Override
		public String describe() {
			return "cgroup v2 (cpu.max)";
		}

		@Override
		public void enableFor(Path parent) throws IOException {
			Path relative = this.mount.relativize(parent);
			Path current = this.mount;
			enable(current);
			for (Path part : relative) {
				current = current.resolve(part);
				enable(current);
			}
		}

		private static void enable(Path group) throws IOException {
			Path control = group.resolve("cgroup.subtree_control");
			if (!Files.exists(control) || !Files.readString(control).matches("(?s).*\\bcpu\\b.*")) {
				Files.writeString(control, "+cpu");
			}
		}

		@Override
		public void setQuota(Path group, double cpus) throws IOException {
			Files.writeString(group.resolve("cpu.max"), quotaMicros(cpus) + " " + PERIOD_MICROS);
		}

		@Override
		public Throttling throttling(Path group) throws IOException {
			Map<String, Long> stat = stat(group);
			return new Throttling(stat.getOrDefault("nr_periods", 0L), stat.getOrDefault("nr_throttled", 0L),
					Duration.ofNanos(1000 * stat.getOrDefault("throttled_usec", 0L)));
		}

	}

}
