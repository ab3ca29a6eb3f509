package io.coupon.infra;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path of this JVM as a list of real files, for starting a child JVM with the same
 * libraries.
 *
 * <p>{@code java.class.path} alone is not enough: Maven Surefire and Failsafe start tests with a
 * manifest-only "booter" jar whose {@code Class-Path} attribute names the real jars, and a thin
 * application jar ({@code java -jar coupon-lab.jar}) names its libraries the same way.
 */
final class JvmClassPath {

	// Bridges that route log4j-api or slf4j elsewhere: the broker's own log4j-core based log level
	// controller must not find them.
	private static final List<String> EXCLUDED_PREFIXES = List.of("log4j-to-slf4j-", "log4j-slf4j-impl-",
			"log4j-slf4j2-impl-");

	private JvmClassPath() {
	}

	/**
	 * The current JVM's class path with manifest {@code Class-Path} entries expanded, plus the
	 * locations the given classes were loaded from, minus the excluded logging bridges.
	 */
	static List<Path> forChildJvm(Class<?>... requiredClasses) {
		Set<Path> entries = new LinkedHashSet<>();
		for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				expand(Path.of(entry).toAbsolutePath().normalize(), entries);
			}
		}
		for (Class<?> required : requiredClasses) {
			Path location = codeSource(required);
			if (!entries.contains(location)) {
				expand(location, entries);
			}
		}
		List<Path> result = new ArrayList<>();
		for (Path entry : entries) {
			String fileName = entry.getFileName().toString();
			if (EXCLUDED_PREFIXES.stream().noneMatch(fileName::startsWith)) {
				result.add(entry);
			}
		}
		return result;
	}

	static String join(List<Path> entries) {
		return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
	}

	static void expand(Path entry, Set<Path> into) {
		if (!Files.exists(entry) || !into.add(entry)) {
			return;
		}
		if (!Files.isRegularFile(entry) || !entry.getFileName().toString().endsWith(".jar")) {
			return;
		}
		try (JarFile jar = new JarFile(entry.toFile(), false)) {
			Manifest manifest = jar.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)
					: null;
			if (classPath == null) {
				return;
			}
			URI base = entry.toUri();
			for (String token : classPath.trim().split("\\s+")) {
				if (token.isEmpty()) {
					continue;
				}
				// Entries are URLs, absolute or relative to the jar's folder.
				URI resolved = resolve(base, token);
				if (resolved != null && "file".equals(resolved.getScheme())) {
					try {
						expand(Path.of(resolved).toAbsolutePath().normalize(), into);
					}
					catch (IllegalArgumentException ex) {
						// e.g. a file: URL with a host part; the JVM would not use it either.
					}
				}
			}
		}
		catch (IOException ex) {
			// Not a readable jar: keep the entry, let the child JVM decide.
		}
	}

	private static URI resolve(URI base, String token) {
		try {
			return base.resolve(new URI(token));
		}
		catch (URISyntaxException ex) {
			try {
				// Not encoded (e.g. a raw space or bracket in a path): encode it as a path.
				return base.resolve(new URI(null, null, token, null));
			}
			catch (URISyntaxException | IllegalArgumentException again) {
				// A malformed entry is ignored, as the JVM itself does.
				return null;
			}
		}
	}

	static Path codeSource(Class<?> type) {
		var codeSource = type.getProtectionDomain().getCodeSource();
		URL location = (codeSource != null) ? codeSource.getLocation() : null;
		if (location == null || !"file".equals(location.getProtocol())) {
			throw new IllegalStateException("Cannot start a child JVM: " + type.getName()
					+ " was not loaded from a plain file or folder (" + location + ")");
		}
		try {
			return Path.of(location.toURI()).toAbsolutePath().normalize();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Unexpected code source " + location, ex);
		}
	}

}
