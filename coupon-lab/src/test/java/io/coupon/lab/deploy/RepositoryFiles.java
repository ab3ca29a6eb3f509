package io.coupon.lab.deploy;

import java.nio.file.Path;

/**
 * Where the deployment files are. Maven runs coupon-lab's tests in coupon-lab/, one level below the repository root.
 */
public final class RepositoryFiles {

	private RepositoryFiles() {
	}

	public static Path root() {
		return Path.of("").toAbsolutePath().getParent();
	}

	public static Path docker() {
		return root().resolve("docker");
	}

}
