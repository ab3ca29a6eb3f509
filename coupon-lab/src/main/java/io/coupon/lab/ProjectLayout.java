package io.coupon.lab;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the repository and the service jars are.
 */
final class ProjectLayout {

	static final String HOME_PROPERTY = "coupon.home";

	private ProjectLayout() {
	}

	/**
	 * The repository root: {@code -Dcoupon.home} (set by {@code ./coupon}), else the folder the
	 * launcher's jar or classes were built in, else the nearest parent of the working directory
	 * holding {@code coupon-lab/pom.xml}, else the working directory.
	 */
	static Path detectProjectDir() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home != null && !home.isBlank()) {
			return Path.of(home).toAbsolutePath().normalize();
		}
		Path fromCodeSource = fromCodeSource();
		if (fromCodeSource != null) {
			return fromCodeSource;
		}
		Path cwd = Path.of("").toAbsolutePath();
		for (Path dir = cwd; dir != null; dir = dir.getParent()) {
			if (isProjectDir(dir)) {
				return dir;
			}
		}
		return cwd;
	}

	static Path serviceJar(Path projectDir, String module) {
		return projectDir.resolve(module).resolve("target").resolve(module + ".jar");
	}

	private static Path fromCodeSource() {
		try {
			CodeSource source = ProjectLayout.class.getProtectionDomain().getCodeSource();
			if (source == null || source.getLocation() == null) {
				return null;
			}
			// coupon-lab/target/coupon-lab.jar or coupon-lab/target/classes
			Path location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
			Path target = location.getParent();
			Path module = (target != null) ? target.getParent() : null;
			Path root = (module != null) ? module.getParent() : null;
			return (root != null && isProjectDir(root)) ? root : null;
		}
		catch (URISyntaxException | RuntimeException ex) {
			return null;
		}
	}

	private static boolean isProjectDir(Path dir) {
		return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("coupon-lab/pom.xml"));
	}

}
