package io.coupon.lab.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds the cgroup hierarchy that can hold CPU quotas on this host, from {@code /proc/self/mountinfo}: cgroup v2 if
 * its root offers the {@code cpu} controller, else a cgroup v1 hierarchy mounted with {@code cpu}; and whether this
 * user may create groups in it (root, or a hierarchy delegated to this user).
 *
 * @param controller the usable hierarchy, if any
 * @param problem why none is usable (null when one is)
 */
record CgroupHost(Optional<CpuController> controller, String problem) {

	static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

	static CgroupHost detect() {
		try {
			return detect(Files.readAllLines(MOUNTINFO));
		}
		catch (IOException ex) {
			return unusable("cannot read " + MOUNTINFO + " (" + ex.getMessage() + "): not Linux?");
		}
	}

	/** @param mountinfo the lines of a {@code /proc/<pid>/mountinfo} */
	static CgroupHost detect(List<String> mountinfo) {
		Optional<Path> v2 = Optional.empty();
		Optional<Path> v1 = Optional.empty();
		for (String line : mountinfo) {
			// id parent major:minor root mount-point options [optional fields] - fstype source super-options
			int separator = line.indexOf(" - ");
			if (separator < 0) {
				continue;
			}
			String[] before = line.substring(0, separator).split(" ");
			String[] after = line.substring(separator + 3).split(" ");
			if (before.length < 5 || after.length < 3) {
				continue;
			}
			Path mountPoint = Path.of(before[4].replace("\\040", " "));
			if (after[0].equals("cgroup2") && v2.isEmpty() && offersCpu(mountPoint)) {
				v2 = Optional.of(mountPoint);
			}
			if (after[0].equals("cgroup") && v1.isEmpty() && Arrays.asList(after[2].split(",")).contains("cpu")) {
				v1 = Optional.of(mountPoint);
			}
		}
		CpuController controller;
		if (v2.isPresent()) {
			controller = new CpuController.V2(v2.get());
		}
		else if (v1.isPresent()) {
			controller = new CpuController.V1(v1.get());
		}
		else {
			return unusable("no cgroup hierarchy with the cpu controller is mounted (neither cgroup v2 offering cpu "
					+ "nor cgroup v1 mounted with cpu)");
		}
		if (!Files.isWritable(controller.mount())) {
			return unusable(controller.describe() + " at " + controller.mount() + " is not writable by this user: "
					+ "CPU budgets need root (or that hierarchy delegated to this user)");
		}
		return new CgroupHost(Optional.of(controller), null);
	}

	private static boolean offersCpu(Path mount) {
		try {
			return Arrays.asList(Files.readString(mount.resolve("cgroup.controllers")).trim().split("\\s+"))
				.contains("cpu");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static CgroupHost unusable(String problem) {
		return new CgroupHost(Optional.empty(), problem);
	}

}
