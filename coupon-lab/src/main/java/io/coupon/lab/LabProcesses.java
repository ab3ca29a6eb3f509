package io.coupon.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Single lab components started one by one, outside a {@link Suite}, for the benchmarks that need only a few of them
 * (Redis, the registry, a gateway jar, a process of the lab's own): each started the way the suite starts it, with
 * its log in {@code logs/}, and every one stopped by {@link #close()}. The secrets are fresh, as for a suite.
 */
public final class LabProcesses implements AutoCloseable {

	private static final Duration STOP_GRACE = Duration.ofSeconds(15);

	private final SuiteOptions options;

	private final StateStore store;

	private final ComponentLauncher launcher;

	private final List<ComponentLauncher.Launched> launched = new CopyOnWriteArrayList<>();

	private final LabSecrets secrets = LabSecrets.generate();

	private final Thread shutdownHook = new Thread(this::stopAll, "coupon-lab-processes-stop");

	/** @param options where the jars are, the state folder (logs and data go below it), JVM options, timeouts */
	public LabProcesses(SuiteOptions options) {
		this.options = options;
		this.store = new StateStore(options.stateDir());
		this.launcher = new ComponentLauncher(options, this.store, this.launched::add);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	public LabSecrets secrets() {
		return this.secrets;
	}

	public Path logsDir() {
		return this.store.logsDir();
	}

	/** The registry's URL with its credentials, as Eureka clients take it. */
	public String eurekaUrl(int discoveryPort) {
		return "http://" + this.secrets.eurekaUsername() + ":" + this.secrets.eurekaPassword() + "@127.0.0.1:"
				+ discoveryPort + "/eureka/";
	}

	/** An embedded Redis, as {@code ./coupon up} starts it; returns its {@code redis://} URL. */
	public ComponentState startRedis(int port) {
		return this.launcher.startInfra("redis", port, null, false);
	}

	/** The project's discovery-server jar, with this run's registry credentials. */
	public ComponentState startDiscoveryServer(int port) {
		return startJar("discovery-server", ProjectLayout.serviceJar(this.options.projectDir(), "discovery-server"),
				port, Map.of("SERVER_PORT", Integer.toString(port), "EUREKA_USERNAME", this.secrets.eurekaUsername(),
						"EUREKA_PASSWORD", this.secrets.eurekaPassword()));
	}

	/** {@code java -jar <jar>} with the suite's JVM options, once its actuator health is UP. */
	public ComponentState startJar(String name, Path jar, int port, Map<String, String> environment) {
		ComponentLauncher.requireJar(jar, name);
		return this.launcher.startJar(name, jar, port, environment, true);
	}

	/** A main class of the lab's own class path in a process of its own, once it printed its READY line. */
	public ComponentState startLabMain(String name, String mainClass, List<String> args, List<String> jvmOptions,
			int port) {
		return this.launcher.startLabMain(name, mainClass, args, jvmOptions, port);
	}

	/** Stops one component started here (SIGTERM, SIGKILL after 15 s). */
	public void stop(String name) {
		List<ComponentLauncher.Launched> matching = this.launched.stream()
			.filter((each) -> each.name().equals(name))
			.toList();
		ProcessTree.terminate(matching.stream().map((each) -> each.process().toHandle()).toList(), STOP_GRACE);
		this.launched.removeAll(matching);
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down, and the hook runs stopAll.
		}
		stopAll();
	}

	private void stopAll() {
		// Services before the infrastructure, newest first.
		List<ComponentLauncher.Launched> all = List.copyOf(this.launched).reversed();
		ProcessTree.terminate(all.stream()
			.filter((each) -> each.kind().equals(ComponentState.SERVICE))
			.map((each) -> each.process().toHandle())
			.toList(), STOP_GRACE);
		ProcessTree.terminate(all.stream()
			.filter((each) -> !each.kind().equals(ComponentState.SERVICE))
			.map((each) -> each.process().toHandle())
			.toList(), STOP_GRACE);
		this.launched.clear();
	}

}
