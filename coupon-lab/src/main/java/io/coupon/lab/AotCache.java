package io.coupon.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service's ahead-of-time cache (JDK 25: JEP 483 class loading and linking, JEP 515 method profiles), in
 * {@code .coupon/aot/<module>/}: the service's jar extracted (a class from a jar nested in a Spring Boot jar cannot be
 * cached), the cache file, and the SHA-256 of the jar it was trained from.
 * <p>
 * {@code ./coupon train} ({@link AotTraining}) builds it; every later start of the service ({@code up}, experiments,
 * chaos) uses it while the module's jar still has that hash. A rebuilt jar makes it stale: the service then starts
 * from its jar as without a cache, until the next training. A JVM that cannot map the cache (another JDK, other
 * flags) says so on its output and starts without it.
 */
final class AotCache {

	/** Whether the cache can be used for the module's current jar. */
	enum Status {

		/** Never trained, or its training did not finish. */
		NONE,
		/** Trained on a jar that has changed since. */
		STALE,
		/** Trained on the current jar. */
		FRESH,
		/** A training run is under way: the next start records a cache. */
		TRAINING

	}

	/** How to start the service: its JVM's extra flags and the jar to run. */
	record Launch(List<String> jvmFlags, Path jar, Status status) {
	}

	private final String module;

	private final Path dir;

	private final Path sourceJar;

	AotCache(Path stateDir, Path projectDir, String module) {
		this.module = module;
		this.dir = stateDir.resolve("aot").resolve(module);
		this.sourceJar = ProjectLayout.serviceJar(projectDir, module);
	}

	Path cacheFile() {
		return this.dir.resolve(this.module + ".aot");
	}

	Path extractedJar() {
		return this.dir.resolve("app").resolve(this.module + ".jar");
	}

	/** The hash of the jar the cache was trained from; written only once the cache exists. */
	Path stampFile() {
		return this.dir.resolve("trained-from.sha256");
	}

	/** Present while a training run is under way; holds the hash of the jar that was extracted for it. */
	Path trainingMarker() {
		return this.dir.resolve("training.sha256");
	}

	Status status() {
		if (Files.isRegularFile(trainingMarker()) && Files.isRegularFile(extractedJar())) {
			return Status.TRAINING;
		}
		if (!Files.isRegularFile(cacheFile()) || !Files.isRegularFile(stampFile())
				|| !Files.isRegularFile(extractedJar())) {
			return Status.NONE;
		}
		return read(stampFile()).equals(sha256(this.sourceJar)) ? Status.FRESH : Status.STALE;
	}

	Launch launch() {
		Status status = status();
		return switch (status) {
			case TRAINING -> new Launch(List.of("-XX:AOTCacheOutput=" + cacheFile()), extractedJar(), status);
			case FRESH -> new Launch(List.of("-XX:AOTCache=" + cacheFile()), extractedJar(), status);
			case NONE, STALE -> new Launch(List.of(), this.sourceJar, status);
		};
	}

	/**
	 * Extracts the module's jar afresh and marks the cache as in training: the next start of the service records its
	 * work and writes the cache when the JVM exits.
	 */
	void prepareTraining(String java) {
		String hash = sha256(this.sourceJar);
		try {
			deleteRecursively(this.dir);
			Files.createDirectories(this.dir);
			Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", this.sourceJar.toString(), "extract",
					"--destination", extractedJar().getParent().toString())
				.redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("extract.log").toFile())
				.start();
			if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0 || !Files.isRegularFile(extractedJar())) {
				extract.destroyForcibly();
				throw new IllegalStateException("Could not extract " + this.sourceJar + ": see " + this.dir.resolve("extract.log"));
			}
			Files.writeString(trainingMarker(), hash, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare the AOT training of " + this.module, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while extracting " + this.sourceJar, ex);
		}
	}

	/**
	 * Ends a training run: once the service's JVM has exited and written the cache, the cache belongs to the jar that
	 * was extracted for it. Without a cache file the training left nothing usable.
	 *
	 * @return whether a cache was written
	 */
	boolean finishTraining() {
		if (!Files.isRegularFile(trainingMarker())) {
			return false;
		}
		try {
			boolean written = Files.isRegularFile(cacheFile()) && Files.size(cacheFile()) > 0;
			if (written) {
				Files.writeString(stampFile(), read(trainingMarker()), StandardCharsets.UTF_8);
			}
			else {
				Files.deleteIfExists(stampFile());
			}
			Files.delete(trainingMarker());
			return written;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not finish the AOT training of " + this.module, ex);
		}
	}

	/** Forgets a training run that did not end cleanly: a cache its JVM may have left half written goes too. */
	void abandonTraining() {
		if (!Files.isRegularFile(trainingMarker())) {
			return;
		}
		try {
			Files.deleteIfExists(cacheFile());
			Files.deleteIfExists(stampFile());
			Files.delete(trainingMarker());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not abandon the AOT training of " + this.module, ex);
		}
	}

	String module() {
		return this.module;
	}

	static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			int read;
			while ((read = in.read(buffer)) > 0) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			// No jar (not built yet): nothing can be fresh.
			return "missing";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
