package io.coupon.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

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

	void delete() {
		try {
			Files.deleteIfExists(stateFile());
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
