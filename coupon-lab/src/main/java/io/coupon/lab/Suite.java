package io.coupon.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.coupon.infra.FreePorts;
import io.coupon.lab.cpu.SuiteCpuBudgets;

/**
 * Starts, inspects and stops the whole suite: Redis, MariaDB and Kafka (each in a process of its
 * own, unless an external server is given), discovery-server, the coupon-api replicas,
 * coupon-worker and the gateway. {@code ./coupon up|status|down} are thin wrappers over this.
 */
public final class Suite {

	private static final Duration STOP_GRACE = Duration.ofSeconds(15);

	private Suite() {
	}

	/**
	 * Starts every component in order, each once the previous one is ready, and returns once the
	 * gateway routes to every coupon-api replica (verified by traffic). On failure, stops what it
	 * started and throws a {@link SuiteStartException} naming the component, with the end of its
	 * log.
	 *
	 * @throws IllegalStateException if a suite recorded in the same state folder still runs
	 */
	public static RunningSuite start(SuiteOptions options) {
		return start(options, SuiteCpuBudgets.none());
	}

	/**
	 * {@link #start(SuiteOptions)} with each budgeted component's process tree in its own CPU group (see
	 * {@link SuiteCpuBudgets}); groups a crashed run of the same state folder left behind are removed first.
	 */
	public static RunningSuite start(SuiteOptions options, SuiteCpuBudgets cpuBudgets) {
		StateStore store = new StateStore(options.stateDir());
		RunningSuite suite;
		try (AutoCloseable lock = store.lock()) {
			requireNotRunning(store, options.progress());
			preflight(options);
			SuiteCpuBudgets.removeLeftovers(store.stateDir(), options.progress());
			suite = new RunningSuite(options, store);
			suite.budget(cpuBudgets);
			cpuBudgets.record(store.stateDir());
			if (!cpuBudgets.budgets().isEmpty()) {
				options.progress().accept("CPU budgets: " + cpuBudgets.describe());
			}
			options.progress()
				.accept("Starting the suite (" + (options.infrastructureOnly() ? "infrastructure only"
						: options.replicas() + " coupon-api replicas, strategy " + options.strategy() + ", publish "
								+ options.publish())
						+ "); logs in " + store.logsDir());
			try {
				suite.startAll();
			}
			catch (RuntimeException ex) {
				options.progress().accept("Start failed; stopping what was started");
				suite.stop();
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not release the lock on " + store.stateDir(), ex);
		}
		return suite;
	}

	/**
	 * Takes over the suite recorded in {@code defaults.stateDir()} (the one {@code ./coupon up} started) to inject
	 * faults into it: its processes stay recorded there and keep running when this JVM exits, and so does any process
	 * this JVM restarts, so that {@code ./coupon down} still stops everything. Ports and strategy come from the
	 * recorded state; the Kafka controller port, which is not recorded, from {@code defaults} ({@code up} has no flag
	 * to change it).
	 *
	 * @return empty when no suite with a running gateway is recorded
	 */
	public static Optional<RunningSuite> attach(SuiteOptions defaults) {
		StateStore store = new StateStore(defaults.stateDir());
		Optional<SuiteState> recorded = store.read();
		if (recorded.isEmpty() || recorded.get().gatewayUrl() == null) {
			return Optional.empty();
		}
		SuiteState state = recorded.get();
		ComponentState gateway = state.components().get("gateway");
		if (gateway == null || ProcessTree.find(gateway.pid(), gateway.processStart()).isEmpty()) {
			return Optional.empty();
		}
		List<Integer> apiPorts = state.components()
			.values()
			.stream()
			.filter((each) -> each.name().startsWith("coupon-api-"))
			.sorted(Comparator.comparingInt((ComponentState each) -> Integer.parseInt(each.name().substring(11))))
			.map(ComponentState::port)
			.toList();
		SuiteOptions options = defaults.withReplicas(apiPorts.size())
			.withApiPorts(apiPorts)
			.withStrategy(state.strategy())
			.withPublish(state.publish())
			.withRedisPort(port(state, "redis", defaults.redisPort()))
			.withMariaDbPort(port(state, "mariadb", defaults.mariaDbPort()))
			.withKafkaPorts(port(state, "kafka", defaults.kafkaPort()), defaults.kafkaControllerPort())
			.withDiscoveryPort(port(state, "discovery-server", defaults.discoveryPort()))
			.withWorkerPort(port(state, "coupon-worker", defaults.workerPort()))
			.withGatewayPort(gateway.port());
		return Optional.of(RunningSuite.attached(options, store, state));
	}

	private static int port(SuiteState state, String component, int fallback) {
		ComponentState recorded = state.components().get(component);
		return (recorded != null) ? recorded.port() : fallback;
	}

	/**
	 * The health of every component recorded in {@code stateDir}.
	 */
	public static SuiteStatus status(Path stateDir) {
		StateStore store = new StateStore(stateDir);
		Optional<SuiteState> state = store.read();
		if (state.isEmpty()) {
			return new SuiteStatus(false, List.of(), store.logsDir());
		}
		List<ComponentState> components = new ArrayList<>(state.get().components().values());
		// In parallel: a DOWN service can take seconds to time out.
		List<ComponentStatus> statuses = components.parallelStream().map(Suite::status).toList();
		return new SuiteStatus(true, statuses, store.logsDir());
	}

	/**
	 * Stops every process recorded in {@code stateDir} (SIGTERM to each and its descendants, SIGKILL
	 * after 15 s) and deletes the state; nothing else. Idempotent.
	 *
	 * @return the number of processes that were still running
	 */
	public static int down(Path stateDir, Consumer<String> progress) {
		StateStore store = new StateStore(stateDir);
		try (AutoCloseable lock = store.lock()) {
			Optional<SuiteState> state = store.read();
			if (state.isEmpty()) {
				progress.accept("No suite recorded in " + store.stateDir() + "; nothing to stop");
				return 0;
			}
			List<ProcessHandle> services = new ArrayList<>();
			List<ProcessHandle> infrastructure = new ArrayList<>();
			int running = 0;
			// Services first (the order they are stopped in), each group in reverse start order.
			List<ComponentState> components = new ArrayList<>(state.get().components().values()).reversed();
			List<ComponentState> ordered = new ArrayList<>();
			components.stream().filter((each) -> ComponentState.SERVICE.equals(each.kind())).forEach(ordered::add);
			components.stream().filter((each) -> !ComponentState.SERVICE.equals(each.kind())).forEach(ordered::add);
			for (ComponentState component : ordered) {
				Optional<ProcessHandle> process = ProcessTree.find(component.pid(), component.processStart());
				Optional<ProcessHandle> server = ProcessTree.find(component.serverPid(),
						component.serverProcessStart());
				if (process.isEmpty() && server.isEmpty()) {
					continue;
				}
				running++;
				progress.accept(String.format("  stopping %-18s pid %s", component.name(),
						process.map((each) -> Long.toString(each.pid())).orElse(component.serverPid() + " (server)")));
				List<ProcessHandle> group = ComponentState.SERVICE.equals(component.kind()) ? services : infrastructure;
				process.ifPresent(group::add);
				server.ifPresent(group::add);
			}
			boolean gracefulServices = ProcessTree.terminate(services, STOP_GRACE);
			boolean gracefulInfrastructure = ProcessTree.terminate(infrastructure, STOP_GRACE);
			if (!gracefulServices || !gracefulInfrastructure) {
				progress.accept("  some processes did not stop within " + STOP_GRACE.toSeconds() + "s and were killed");
			}
			SuiteCpuBudgets.removeLeftovers(store.stateDir(), progress);
			store.delete();
			progress.accept((running == 0) ? "Nothing was running; removed the stale state"
					: "Stopped " + running + " components");
			return running;
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not release the lock on " + store.stateDir(), ex);
		}
	}

	private static ComponentStatus status(ComponentState component) {
		if (ComponentState.EXTERNAL.equals(component.kind())) {
			boolean reachable = Probes.hostAndPort(component.address(), component.port())
				.map((address) -> Probes.accepts(address.host(), address.port()))
				.orElse(false);
			return new ComponentStatus(component.name(), component.address(), null,
					reachable ? ComponentStatus.UP : ComponentStatus.DOWN, component.log());
		}
		Optional<ProcessHandle> process = ProcessTree.find(component.pid(), component.processStart());
		if (process.isEmpty()) {
			return new ComponentStatus(component.name(), component.address(), component.pid(),
					ComponentStatus.NOT_RUNNING, component.log());
		}
		boolean healthy;
		if (ComponentState.SERVICE.equals(component.kind())) {
			healthy = Probes.isHealthy(component.healthUrl());
		}
		else {
			healthy = (component.serverPid() == null
					|| ProcessTree.find(component.serverPid(), component.serverProcessStart()).isPresent())
					&& Probes.accepts("127.0.0.1", component.port());
		}
		String health = healthy ? ComponentStatus.UP : ComponentStatus.DOWN;
		if (!healthy && (component.name().startsWith("coupon-api-") || component.name().equals("gateway"))
				&& Probes.isWarmingUp(component.address())) {
			health = ComponentStatus.WARMING_UP;
		}
		return new ComponentStatus(component.name(), component.address(), component.pid(), health, component.log());
	}

	private static void requireNotRunning(StateStore store, Consumer<String> progress) {
		Optional<SuiteState> state = store.read();
		if (state.isEmpty()) {
			return;
		}
		List<String> alive = new ArrayList<>();
		for (ComponentState component : state.get().components().values()) {
			if (ProcessTree.find(component.pid(), component.processStart()).isPresent()
					|| ProcessTree.find(component.serverPid(), component.serverProcessStart()).isPresent()) {
				alive.add(component.name() + " (pid " + component.pid() + ")");
			}
		}
		if (!alive.isEmpty()) {
			throw new IllegalStateException("A suite is already running from " + store.stateDir() + ": "
					+ String.join(", ", alive) + ". Stop it first (./coupon down).");
		}
		progress.accept("Removing the state of a previous run whose processes are gone");
		store.delete();
	}

	private static void preflight(SuiteOptions options) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		if (options.externalRedisUrl() == null) {
			ports.put("redis", options.redisPort());
		}
		if (options.externalJdbcUrl() == null) {
			ports.put("mariadb", options.mariaDbPort());
		}
		if (options.externalKafkaBootstrap() == null) {
			ports.put("kafka", options.kafkaPort());
			ports.put("kafka controller", options.kafkaControllerPort());
		}
		if (!options.infrastructureOnly()) {
			ports.put("discovery-server", options.discoveryPort());
			for (int i = 0; i < options.apiPorts().size(); i++) {
				ports.put("coupon-api-" + (i + 1), options.apiPorts().get(i));
			}
			ports.put("coupon-worker", options.workerPort());
			ports.put("gateway", options.gatewayPort());
			for (String module : List.of("discovery-server", "coupon-api", "coupon-worker", "gateway")) {
				ComponentLauncher.requireJar(ProjectLayout.serviceJar(options.projectDir(), module), module);
			}
		}
		for (Map.Entry<String, Integer> port : ports.entrySet()) {
			if (!FreePorts.isFree(port.getValue())) {
				throw new SuiteStartException(port.getKey(), "Port " + port.getValue() + " for " + port.getKey()
						+ " is already in use on 127.0.0.1 (another suite or server?)");
			}
		}
		requireReachable("redis", options.externalRedisUrl(), 6379);
		requireReachable("mariadb", options.externalJdbcUrl(), 3306);
		requireReachable("kafka", options.externalKafkaBootstrap(), 9092);
	}

	private static void requireReachable(String name, String address, int defaultPort) {
		if (address == null) {
			return;
		}
		Probes.HostAndPort target = Probes.hostAndPort(address, defaultPort)
			.orElseThrow(() -> new SuiteStartException(name, "Cannot find a host and port in " + address));
		if (!Probes.accepts(target.host(), target.port())) {
			throw new SuiteStartException(name,
					"The external " + name + " at " + target + " (" + address + ") is not reachable");
		}
	}

}
