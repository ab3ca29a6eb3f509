package io.coupon.ngrinder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one nGrinder script the way an nGrinder agent runs a test: in a worker JVM of its own (one script class per
 * JVM: GrinderRunner's state is static), with the Grinder DCR agent, {@code ngrinder.context=agent} (so that
 * {@code GTest.record} instruments and counts), and a grinder.properties beside the script that sets the threads, the
 * runs and the script's {@code coupon.*} settings. {@code src/test/worker/GrinderWorker.java} stands in for the
 * agent's side of the worker's control stream.
 */
final class NgrinderWorker {

	/** Where the worker's bootstrap and logging live, relative to the module (the tests' working directory). */
	private static final Path WORKER_SOURCES = Path.of("src", "test", "worker");

	private final WorkerRuntime runtime;

	private final Duration timeout;

	NgrinderWorker(WorkerRuntime runtime, Duration timeout) {
		this.runtime = runtime;
		this.timeout = timeout;
	}

	/** What one worker left behind: its exit code, its log, its final statistics and its data log. */
	record Result(Path directory, int exitCode, String log, FinalStatistics statistics, List<DataLog.Call> calls) {

		/** The log's lines at level ERROR: a script exception, a failure in @BeforeProcess or @BeforeThread, ... */
		List<String> errorLines() {
			return this.log.lines().filter((line) -> line.matches("^\\S+ \\S+ ERROR .*")).toList();
		}

	}

	/**
	 * @param script a script of ngrinder/
	 * @param settings the script's settings, written into grinder.properties as a user writes them
	 * @param directory a fresh folder for the script, its properties and the worker's logs
	 */
	Result run(Path script, int threads, int runs, Map<String, String> settings, Path directory)
			throws IOException, InterruptedException {
		deleteRecursively(directory);
		Path logs = Files.createDirectories(directory.resolve("log"));
		Files.copy(script, directory.resolve(script.getFileName()));
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("grinder.script", script.getFileName().toString());
		properties.put("grinder.processes", "1");
		properties.put("grinder.threads", Integer.toString(threads));
		properties.put("grinder.runs", Integer.toString(runs));
		properties.put("grinder.logDirectory", logs.toString());
		properties.putAll(settings);
		Files.writeString(directory.resolve("grinder.properties"), properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("\n", "", "\n")));

		List<String> classPath = new ArrayList<>();
		classPath.add(WORKER_SOURCES.toAbsolutePath().toString());   // its logback-worker.xml before nGrinder's
		this.runtime.classPath().forEach((jar) -> classPath.add(jar.toString()));
		List<String> command = List.of(this.runtime.java().toString(), "-javaagent:" + this.runtime.dcrAgent(),
				"-Dngrinder.context=agent", "-Xmx256m", "-cp", String.join(File.pathSeparator, classPath),
				WORKER_SOURCES.resolve("GrinderWorker.java").toAbsolutePath().toString(), "grinder.properties");
		Process worker = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("worker.out").toFile())
			.start();
		if (!worker.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			worker.destroyForcibly().waitFor();
			throw new AssertionError("the worker of " + script.getFileName() + " did not end within " + this.timeout
					+ "; its output: " + directory.resolve("worker.out"));
		}
		// The worker names its logs after itself: <name>.log and <name>-data.log.
		String log = Files.readString(logFile(logs, false));
		String dataLog = Files.readString(logFile(logs, true));
		return new Result(directory, worker.exitValue(), log, FinalStatistics.parse(log), DataLog.parse(dataLog));
	}

	private static Path logFile(Path logs, boolean data) throws IOException {
		try (Stream<Path> files = Files.list(logs)) {
			return files.filter((file) -> file.toString().endsWith(".log"))
				.filter((file) -> file.toString().endsWith("-data.log") == data)
				.findFirst()
				.orElseThrow(() -> new AssertionError("the worker wrote no " + (data ? "data " : "") + "log in " + logs));
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((file) -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
