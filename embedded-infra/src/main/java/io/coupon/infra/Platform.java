package io.coupon.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Facts about the machine the servers run on.
 */
final class Platform {

	private Platform() {
	}

	static void requireLinuxAmd64(String what) {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
			// The bundled binaries are linux-amd64 builds; failing here beats an "exec format error".
			throw new IllegalStateException(
					what + ": the embedded server binaries need linux/amd64, this is " + os + "/" + arch);
		}
	}

	/**
	 * Whether this process runs as root (MariaDB refuses to run as root unless told to).
	 */
	static boolean isRoot() {
		try {
			// /proc/self is owned by this process's effective user.
			Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
			return Integer.valueOf(0).equals(uid);
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

}
