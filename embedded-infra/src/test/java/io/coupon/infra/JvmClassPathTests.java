package io.coupon.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JvmClassPathTests {

	@TempDir
	Path dir;

	@Test
	void shouldExpandManifestOnlyJarsLikeTheSurefireBooter() throws IOException {
		Path relative = emptyJar(this.dir.resolve("lib/relative.jar"), null);
		Path absolute = emptyJar(this.dir.resolve("elsewhere/with space.jar"), null);
		Path nested = emptyJar(this.dir.resolve("lib/nested.jar"), null);
		Path viaNested = emptyJar(this.dir.resolve("lib/via-nested.jar"), "nested.jar");
		Path classes = Files.createDirectories(this.dir.resolve("classes"));
		Path booter = emptyJar(this.dir.resolve("booter.jar"), "lib/relative.jar " + absolute.toUri() + " "
				+ classes.toUri() + " lib/via-nested.jar lib/missing.jar");

		Set<Path> entries = new LinkedHashSet<>();
		JvmClassPath.expand(booter, entries);

		assertThat(entries).containsExactly(booter, relative, absolute, classes, viaNested, nested);
	}

	@Test
	void shouldIncludeTheCodeSourceOfRequiredClassesAndDropLoggingBridges() {
		List<Path> entries = JvmClassPath.forChildJvm(kafka.Kafka.class, JvmClassPath.class);

		assertThat(entries).contains(JvmClassPath.codeSource(kafka.Kafka.class),
				JvmClassPath.codeSource(JvmClassPath.class));
		assertThat(entries).anySatisfy(path -> assertThat(path.getFileName().toString()).startsWith("kafka_2.13"));
		assertThat(entries)
			.noneSatisfy(path -> assertThat(path.getFileName().toString()).startsWith("log4j-to-slf4j"));
	}

	private static Path emptyJar(Path path, String classPath) throws IOException {
		Files.createDirectories(path.getParent());
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (classPath != null) {
			manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
		}
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.flush();
		}
		return path.toAbsolutePath().normalize();
	}

}
