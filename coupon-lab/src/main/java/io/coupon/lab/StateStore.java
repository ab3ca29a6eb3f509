package io.coupon.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state folder of a suite: {@code run/state.json}, {@code logs/}, {@code data/}.
 */
final class StateStore {

	private static final JsonMapper mapper = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path stateDir;

	StateStore(Path stateDir) {
		this.stateDir = stateDir.toAbsolutePath().normalize();
	}

	Path stateDir() {
		return this.stateDir;
	}

	Path stateFile() {
		return this.stateDir.resolve("run").resolve("state.json");
	}

	Path logsDir() {
		return this.stateDir.resolve("logs");
	}

	Path dataDir() {
		return this.stateDir.resolve("data");
	}

	Optional<SuiteState> read() {
		Path file = stateFile();
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Unreadable state file " + file + " (delete it if no suite runs): "
					+ ex.getOriginalMessage(), ex);
		}
	}

	void write(SuiteState state) {
		Path file = stateFile();
		try {
			Files.createDirectories(file.getParent());
			// Write aside and rename: a reader never sees half a file.
			Path partial = file.resolveSibling("state.json.partial");
			Files.writeString(partial, toJson(state), StandardCharsets.UTF_8);
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	Path secretsFile() {
		return this.stateDir.resolve("run").resolve("secrets.properties");
	}

	/** Writes the suite's secrets readable by their owner only: other local users must not mint tokens. */
	void writeSecrets(LabSecrets secrets) {
		Path file = secretsFile();
		Properties properties = new Properties();
		properties.setProperty("jwt-secret", secrets.jwtSecret());
		properties.setProperty("eureka-username", secrets.eurekaUsername());
		properties.setProperty("eureka-password", secrets.eurekaPassword());
		try {
			Files.createDirectories(file.getParent());
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
				properties.store(out, "The running lab suite's secrets; deleted by ./coupon down");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	Optional<LabSecrets> readSecrets() {
		Path file = secretsFile();
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + file, ex);
		}
		return Optional.of(new LabSecrets(properties.getProperty("jwt-secret"),
				properties.getProperty("eureka-username"), properties.getProperty("eureka-password")));
	}

	void delete() {
		try {
			Files.deleteIfExists(stateFile());
			Files.deleteIfExists(secretsFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + stateFile(), ex);
		}
	}

	/**
	 * Holds an exclusive lock on the state folder while {@code up}, {@code down} or a restart
	 * changes it, so that two launchers never race on the same suite.
	 */
	AutoCloseable lock() {
		Path lockFile = this.stateDir.resolve("run").resolve("launcher.lock");
		try {
			Files.createDirectories(lockFile.getParent());
			FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// Held by this very JVM (two suites started on one state folder at once).
				lock = null;
			}
			if (lock == null) {
				channel.close();
				throw new IllegalStateException(
						"Another launcher is changing the suite in " + this.stateDir + " right now");
			}
			FileLock held = lock;
			return () -> {
				held.release();
				channel.close();
			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not lock " + lockFile, ex);
		}
	}

	static String toJson(SuiteState state) {
		return mapper.writeValueAsString(state);
	}

	static SuiteState fromJson(String json) {
		return mapper.readValue(json, SuiteState.class);
	}

}
