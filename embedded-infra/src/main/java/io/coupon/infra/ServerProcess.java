package io.coupon.infra;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr are appended to a log file, stopped by the JVM
 * shutdown hook of {@link ChildProcesses} unless stopped earlier.
 */
final class ServerProcess {

	private static final int TAIL_LINES = 30;

	private final String name;

	private final Process process;

	private final Path logFile;

	// Where this run's output starts in the (appended) log file, so that a failure report shows
	// this run's lines rather than a previous run's.
	private final long logOffset;

	private boolean stopped;

	private ServerProcess(String name, Process process, Path logFile, long logOffset) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
		this.logOffset = logOffset;
	}

	static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
			Path logFile) {
		try {
			Files.createDirectories(logFile.toAbsolutePath().getParent());
			Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
					+ System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
			long offset = Files.size(logFile);
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().putAll(environment);
			ServerProcess started = new ServerProcess(name, builder.start(), logFile, offset);
			ChildProcesses.register(started);
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + " (" + command.getFirst() + ")", ex);
		}
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path logFile() {
		return this.logFile;
	}

	/**
	 * Waits for the process to exit by itself and returns its exit code, or -1 on timeout.
	 */
	int waitForExit(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				ChildProcesses.unregister(this);
				return this.process.exitValue();
			}
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * SIGTERM, then SIGKILL if the process has not exited within {@code grace}. Idempotent; a
	 * second caller waits for the first one to finish.
	 */
	synchronized void stop(Duration grace) {
		if (this.stopped) {
			return;
		}
		try {
			if (this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
					this.process.destroyForcibly();
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			this.stopped = true;
			ChildProcesses.unregister(this);
		}
	}

	/**
	 * Kills the process and returns an exception that names it and shows this run's last log lines.
	 */
	IllegalStateException failure(String message) {
		boolean exited = !this.process.isAlive();
		String exit = exited ? " (process exited with code " + this.process.exitValue() + ")" : "";
		stop(Duration.ofSeconds(5));
		return new IllegalStateException(this.name + ": " + message + exit + System.lineSeparator() + "Last lines of "
				+ this.logFile + ":" + System.lineSeparator() + logTail(TAIL_LINES));
	}

	String logTail(int lines) {
		return tail(this.logFile, this.logOffset, lines);
	}

	static String tail(Path file, long fromOffset, int lines) {
		if (!Files.isRegularFile(file)) {
			return "(no log file)";
		}
		// Only the end of the file matters; a broker's log can be large.
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			long start = Math.max(fromOffset, raf.length() - 64 * 1024);
			start = Math.min(Math.max(start, 0), raf.length());
			byte[] bytes = new byte[(int) (raf.length() - start)];
			raf.seek(start);
			raf.readFully(bytes);
			List<String> all = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
			List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
			return String.join(System.lineSeparator(), last);
		}
		catch (IOException ex) {
			return "(could not read " + file + ": " + ex.getMessage() + ")";
		}
	}

}
