package io.coupon.lab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./coupon} script itself: it finds a JDK 25 even when JAVA_HOME points at an older
 * one, and hands over to the launcher.
 */
class CouponScriptIntegrationTests {

	private final Path projectDir = ProjectLayout.detectProjectDir();

	@Test
	void shouldFindAJdk25AndRunTheLauncherFromAnyDirectory() throws Exception {
		// Runs after `package`; without the jar the script would start a full build.
		assertThat(this.projectDir.resolve("coupon-lab/target/coupon-lab.jar")).exists();
		Path oldJdk = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
		ProcessBuilder builder = new ProcessBuilder("bash", this.projectDir.resolve("coupon").toString(), "help")
			.directory(Files.createTempDirectory("coupon-script").toFile())
			.redirectErrorStream(true);
		builder.environment().put("JAVA_HOME", Files.isDirectory(oldJdk) ? oldJdk.toString() : "/nonexistent");
		Process script = builder.start();

		String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(script.exitValue()).as(output).isZero();
		assertThat(output).contains("Usage: ./coupon <command>", "  up [--replicas N]", "  status", "  down")
			.doesNotContain("Building the project");
	}

	@Test
	void shouldBeExecutable() {
		assertThat(Files.isExecutable(this.projectDir.resolve("coupon"))).isTrue();
	}

}
