package io.coupon.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.coupon.lab.cpu.CpuCgroups;

/**
 * Starts one component as a background process with its output in {@code logs/<name>.log}, and
 * waits until it is ready.
 */
final class ComponentLauncher {

	static final String INFRA_MAIN = "io.coupon.infra.InfraMain";

	private final SuiteOptions options;

	private final StateStore store;

	private final String java;

	private final Consumer<Launched> onLaunch;

	// The cgroup.procs of the CPU budget group a component starts in, if it has a budget.
	private volatile Function<String, Optional<Path>> cpuGroup = (name) -> Optional.empty();

	// Told of each component once it is ready: where a start-up boost ends.
	private volatile Consumer<String> onReady = (name) -> {
	};

	/**
	 * A process started by this launcher, known from the moment it exists (so that it can be
	 * stopped even if it never becomes ready).
	 */
	record Launched(String name, String kind, Process process) {
	}

	ComponentLauncher(SuiteOptions options, StateStore store, Consumer<Launched> onLaunch) {
		this.options = options;
		this.store = store;
		this.java = javaBinary();
		this.onLaunch = onLaunch;
	}

	/**
	 * A component whose process runs but that may not be ready yet: {@link #awaitReady()} waits for it. Launching
	 * several before awaiting any lets independent components start side by side.
	 */
	@FunctionalInterface
	interface Starting {

		/** Waits until the component is ready; throws {@link SuiteStartException} if it exits or times out first. */
		ComponentState awaitReady();

	}

	/**
	 * Runs {@code InfraMain} with the class path of this JVM (the lab jar when run by
	 * {@code ./coupon}) and waits for its {@code READY} line.
	 */
	ComponentState startInfra(String kind, int port, Integer controllerPort, boolean appendLog) {
		return launchInfra(kind, port, controllerPort, appendLog).awaitReady();
	}

	/** {@link #startInfra} without the wait. */
	Starting launchInfra(String kind, int port, Integer controllerPort, boolean appendLog) {
		Path dir = this.store.dataDir().resolve(kind);
		List<String> command = new ArrayList<>(List.of(this.java, "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), INFRA_MAIN, kind, "--port",
				Integer.toString(port)));
		if (controllerPort != null) {
			command.addAll(List.of("--controller-port", controllerPort.toString()));
		}
		command.addAll(List.of("--dir", dir.toString()));
		if (kind.equals("mariadb")) {
			command.addAll(List.of("--database", RunningSuite.DATABASE));
		}
		Path log = logFile(kind);
		long startedNanos = System.nanoTime();
		long offset = writeHeader(kind, command, log, appendLog);
		Process process = launch(kind, ComponentState.INFRA, command, Map.of(), log);
		return () -> {
			String address = awaitReadyLine(kind, process, log, offset, startedNanos);
			linkServerLog(kind, dir);
			Long serverPid = readPid(dir.resolve("server.pid"));
			Instant serverStart = (serverPid != null)
					? ProcessHandle.of(serverPid).map(ProcessTree::startOf).orElse(null) : null;
			ComponentState state = new ComponentState(kind, ComponentState.INFRA, address, port, process.pid(),
					serverPid, ProcessTree.startOf(process.toHandle()), serverStart, null, log.toString());
			report(kind, address, process.pid(), startedNanos);
			ready(kind);
			return state;
		};
	}

	/**
	 * Runs {@code java -jar <module>/target/<module>.jar} and waits until its actuator health is UP.
	 */
	ComponentState startService(String name, String module, int port, Map<String, String> environment,
			boolean appendLog) {
		return launchService(name, module, port, environment, appendLog).awaitReady();
	}

	/** {@link #startService} without the wait. */
	Starting launchService(String name, String module, int port, Map<String, String> environment,
			boolean appendLog) {
		// The module's AOT cache when ./coupon train built one for its current jar (AotCache).
		AotCache.Launch aot = new AotCache(this.store.stateDir(), this.options.projectDir(), module).launch();
		if (aot.status() == AotCache.Status.STALE) {
			this.options.progress()
				.accept("  " + name + ": its AOT cache is stale (the jar changed), starting without it; ./coupon train"
						+ " rebuilds it");
		}
		return launchJar(name, aot.jar(), aot.jvmFlags(), port, environment, appendLog);
	}

	/**
	 * Runs {@code java -jar <jar>} (a service's jar, possibly from another build) and waits until its actuator
	 * health is UP.
	 */
	ComponentState startJar(String name, Path jar, int port, Map<String, String> environment, boolean appendLog) {
		return launchJar(name, jar, List.of(), port, environment, appendLog).awaitReady();
	}

	private Starting launchJar(String name, Path jar, List<String> jvmFlags, int port,
			Map<String, String> environment, boolean appendLog) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		// A component given its own JAVA_TOOL_OPTIONS (the gateway bench's JVM variants) gets those instead of the
		// suite's: the JVM reads them first, so a command-line GC or heap flag would override or conflict with them.
		if (!environment.containsKey("JAVA_TOOL_OPTIONS")) {
			command.addAll(this.options.jvmOptions());
		}
		command.addAll(jvmFlags);
		// Makes the process easy to recognise in `ps`; the services ignore it.
		command.add("-Dcoupon.component=" + name);
		command.addAll(List.of("-jar", jar.toString()));
		Path log = logFile(name);
		long startedNanos = System.nanoTime();
		long offset = writeHeader(name, command, log, appendLog);
		Process process = launch(name, ComponentState.SERVICE, command, environment, log);
		String healthUrl = "http://127.0.0.1:" + port + "/actuator/health";
		return () -> {
			long deadline = startedNanos + this.options.startupTimeout().toNanos();
			while (!Probes.isHealthy(healthUrl)) {
				if (!process.isAlive()) {
					throw failure(name, "exited with code " + process.exitValue() + " before " + healthUrl
							+ " was UP", log, offset);
				}
				if (System.nanoTime() > deadline) {
					throw failure(name, healthUrl + " was not UP within " + this.options.startupTimeout().toSeconds()
							+ "s", log, offset);
				}
				Pauses.pause(Duration.ofMillis(250));
			}
			String address = "http://127.0.0.1:" + port;
			report(name, address, process.pid(), startedNanos);
			ready(name);
			return new ComponentState(name, ComponentState.SERVICE, address, port, process.pid(), null,
					ProcessTree.startOf(process.toHandle()), null, healthUrl, log.toString());
		};
	}

	/**
	 * Runs a main class of this JVM's class path (the lab jar's) in a process of its own, and waits for the
	 * {@code READY <name> <address>} line it prints once it serves.
	 */
	ComponentState startLabMain(String name, String mainClass, List<String> args, List<String> jvmOptions,
			int port) {
		List<String> command = new ArrayList<>(List.of(this.java));
		command.addAll(jvmOptions);
		command.addAll(List.of("-Dcoupon.component=" + name, "-cp", System.getProperty("java.class.path"),
				mainClass));
		command.addAll(args);
		Path log = logFile(name);
		long startedNanos = System.nanoTime();
		long offset = writeHeader(name, command, log, false);
		Process process = launch(name, ComponentState.SERVICE, command, Map.of(), log);
		String address = awaitReadyLine(name, process, log, offset, startedNanos);
		report(name, address, process.pid(), startedNanos);
		ready(name);
		return new ComponentState(name, ComponentState.SERVICE, address, port, process.pid(), null,
				ProcessTree.startOf(process.toHandle()), null, null, log.toString());
	}

	/**
	 * From now on each component starts inside the CPU group {@code cpuGroup} gives for its name, if any, and
	 * {@code onReady} is told its name once it is ready.
	 */
	void startInCpuGroups(Function<String, Optional<Path>> cpuGroup, Consumer<String> onReady) {
		this.cpuGroup = cpuGroup;
		this.onReady = onReady;
	}

	private void ready(String name) {
		try {
			this.onReady.accept(name);
		}
		catch (IllegalStateException ex) {
			throw new SuiteStartException(name, ex.getMessage(), ex);
		}
	}

	Path logFile(String name) {
		return this.store.logsDir().resolve(name + ".log");
	}

	SuiteStartException failure(String name, String reason, Path log, long offset) {
		return new SuiteStartException(name, name + " " + reason + System.lineSeparator() + "Last "
				+ LogFiles.TAIL_LINES + " lines of " + log + ":" + System.lineSeparator()
				+ LogFiles.tail(log, offset, LogFiles.TAIL_LINES));
	}

	/**
	 * Starts the log with a header line; returns where this run's output begins, so that a failure
	 * report shows this run's lines, however fast the process fails.
	 */
	private static long writeHeader(String name, List<String> command, Path log, boolean append) {
		try {
			Files.createDirectories(log.getParent());
			String header = "=== " + Instant.now() + " " + name + ": " + String.join(" ", redactClassPath(command))
					+ System.lineSeparator();
			if (append) {
				Files.writeString(log, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			else {
				Files.writeString(log, header, StandardCharsets.UTF_8);
			}
			return Files.size(log);
		}
		catch (IOException ex) {
			throw new SuiteStartException(name, "Could not write " + log + ": " + ex.getMessage(), ex);
		}
	}

	private Process launch(String name, String kind, List<String> command, Map<String, String> environment,
			Path log) {
		List<String> started;
		try {
			started = this.cpuGroup.apply(name).map((procs) -> CpuCgroups.inside(procs, command)).orElse(command);
		}
		catch (IllegalStateException ex) {
			throw new SuiteStartException(name, ex.getMessage(), ex);
		}
		try {
			ProcessBuilder builder = new ProcessBuilder(started).directory(this.options.projectDir().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().putAll(environment);
			Process process = builder.start();
			this.onLaunch.accept(new Launched(name, kind, process));
			return process;
		}
		catch (IOException ex) {
			throw new SuiteStartException(name, name + " could not be started: " + ex.getMessage(), ex);
		}
	}

	private String awaitReadyLine(String name, Process process, Path log, long offset, long startedNanos) {
		long deadline = startedNanos + this.options.startupTimeout().toNanos();
		while (true) {
			for (String line : LogFiles.linesFrom(log, offset, 1024 * 1024)) {
				if (line.startsWith("READY ")) {
					String[] parts = line.split(" ", 3);
					return (parts.length == 3) ? parts[2].trim() : "";
				}
			}
			if (!process.isAlive()) {
				throw failure(name, "exited with code " + process.exitValue() + " before it was ready", log, offset);
			}
			if (System.nanoTime() > deadline) {
				throw failure(name, "was not ready within " + this.options.startupTimeout().toSeconds() + "s", log,
						offset);
			}
			Pauses.pause(Duration.ofMillis(100));
		}
	}

	private void report(String name, String address, long pid, long startedNanos) {
		double seconds = (System.nanoTime() - startedNanos) / 1e9;
		this.options.progress()
			.accept(String.format("  %-18s %-44s pid %-8d ready after %.1fs", name, address, pid, seconds));
	}

	/**
	 * logs/redis.log holds InfraMain's output; the server's own log stays in its data folder
	 * (embedded-infra's layout) and is linked here so that every log is in one folder.
	 */
	private void linkServerLog(String kind, Path dir) {
		Path serverLog = dir.resolve(kind + ".log");
		Path link = this.store.logsDir().resolve(kind + "-server.log");
		try {
			Files.deleteIfExists(link);
			Files.createSymbolicLink(link, link.getParent().relativize(serverLog));
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Only a convenience: the server log is still in the data folder.
		}
	}

	private static Long readPid(Path pidFile) {
		try {
			return Long.parseLong(Files.readString(pidFile).trim());
		}
		catch (IOException | NumberFormatException ex) {
			return null;
		}
	}

	private static List<String> redactClassPath(List<String> command) {
		// The class path of a test JVM is thousands of characters; the log header needs no more than this.
		List<String> shown = new ArrayList<>(command);
		int cp = shown.indexOf("-cp");
		if (cp >= 0 && cp + 1 < shown.size() && shown.get(cp + 1).length() > 200) {
			shown.set(cp + 1, "<" + shown.get(cp + 1).split(File.pathSeparator).length + " entries>");
		}
		return shown;
	}

	private static String javaBinary() {
		Optional<String> current = ProcessHandle.current().info().command();
		return current.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	static void requireJar(Path jar, String module) {
		if (!Files.isRegularFile(jar)) {
			throw new SuiteStartException(module, "Missing " + jar + ": build the project first (./mvnw -DskipTests package)");
		}
	}

}
