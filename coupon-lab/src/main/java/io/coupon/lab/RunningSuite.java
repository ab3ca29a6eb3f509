package io.coupon.lab;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.coupon.infra.FreePorts;
import io.coupon.lab.cpu.SuiteCpuBudgets;

/**
 * A suite started by {@link Suite#start(SuiteOptions)}. {@link #stop()} (or {@link #close()})
 * stops every process it started; so does the JVM's exit, unless the suite was handed over to
 * {@code ./coupon down} by the CLI.
 */
public final class RunningSuite implements AutoCloseable {

	static final String DATABASE = "coupon";

	static final String INSTANCE_PATH = "/api/v1/instance";

	static final String INSTANCE_HEADER = "X-Instance-Id";

	private static final Duration STOP_GRACE = Duration.ofSeconds(15);

	/**
	 * How many service JVMs start at once. A Spring Boot start keeps about one core busy loading and compiling
	 * classes: one per core fills the machine, and more only make every start slower (on a busy 2-core machine four
	 * at once took minutes each, past the start timeout).
	 */
	private static final int SERVICES_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors());

	/** The comparison modes that break an invariant on purpose (docs/invariants.md), as the services' variables. */
	private static final List<Map.Entry<String, String>> UNSAFE_MODES = List.of(
			Map.entry("COUPON_ISSUE_STRATEGY", "set-incr"), Map.entry("COUPON_ISSUE_PUBLISH", "fire-and-forget"),
			Map.entry("COUPON_SECURITY_MODE", "trusted-header"),
			Map.entry("COUPON_SECURITY_IDENTITY_HEADER_ENABLED", "false"));

	private volatile SuiteOptions options;

	private final StateStore store;

	private final ComponentLauncher launcher;

	// Every process started by this suite, registered the moment it exists.
	private final List<ComponentLauncher.Launched> launched = new CopyOnWriteArrayList<>();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final Thread shutdownHook;

	private volatile SuiteState state;

	private volatile boolean attached;

	private String redisUrl;

	private String jdbcUrl;

	private String dbUsername;

	private String dbPassword;

	private String kafkaBootstrapServers;

	private volatile LabSecrets secrets = LabSecrets.generate();

	private volatile SuiteCpuBudgets cpuBudgets = SuiteCpuBudgets.none();

	RunningSuite(SuiteOptions options, StateStore store) {
		this.options = options;
		this.store = store;
		this.launcher = new ComponentLauncher(options, store, this.launched::add);
		this.state = new SuiteState(Instant.now(), options.projectDir().toString(), options.strategy(),
				options.publish(), null, null, null, null, Map.of());
		this.shutdownHook = new Thread(this::stop, "coupon-suite-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * A view over a suite another JVM started and recorded in {@code store}: nothing is started, and nothing is
	 * stopped when this JVM exits (see {@link Suite#attach(SuiteOptions)}).
	 */
	static RunningSuite attached(SuiteOptions options, StateStore store, SuiteState state) {
		RunningSuite suite = new RunningSuite(options, store);
		suite.detach();
		suite.attached = true;
		suite.state = state;
		suite.redisUrl = state.redisUrl();
		suite.jdbcUrl = state.jdbcUrl();
		suite.kafkaBootstrapServers = state.kafkaBootstrapServers();
		suite.secrets = store.readSecrets()
			.orElseThrow(() -> new IllegalStateException("The running suite in " + store.stateDir()
					+ " has no run/secrets.properties (started by an older lab?): ./coupon down, then up again"));
		boolean externalDatabase = Optional.ofNullable(state.components().get("mariadb"))
			.map((each) -> each.kind().equals(ComponentState.EXTERNAL))
			.orElse(false);
		// The embedded MariaDB's account; an external one's comes from the variables `up` read it from.
		suite.dbUsername = externalDatabase ? Objects.requireNonNullElse(System.getenv("COUPON_DB_USERNAME"), "root")
				: "root";
		suite.dbPassword = externalDatabase ? Objects.requireNonNullElse(System.getenv("COUPON_DB_PASSWORD"), "") : "";
		// A component a fault restarts goes back into its budget's group.
		suite.budget(SuiteCpuBudgets.recorded(store.stateDir()));
		return suite;
	}

	/** Every component started from now on (restarts too) runs under its budget, if it has one. */
	void budget(SuiteCpuBudgets budgets) {
		this.cpuBudgets = budgets;
		this.launcher.startInCpuGroups(budgets::groupFor, budgets::settle);
	}

	/** The suite's CPU budgets and their throttling counts. */
	public SuiteCpuBudgets cpuBudgets() {
		return this.cpuBudgets;
	}

	/** Whether this is a view over a suite another JVM started: then it must be left running. */
	public boolean isAttached() {
		return this.attached;
	}

	public String gatewayUrl() {
		return "http://127.0.0.1:" + this.options.gatewayPort();
	}

	public String redisUrl() {
		return this.redisUrl;
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String dbUsername() {
		return this.dbUsername;
	}

	public String dbPassword() {
		return this.dbPassword;
	}

	public String kafkaBootstrapServers() {
		return this.kafkaBootstrapServers;
	}

	/** The registry's URL with its credentials, as Eureka clients take it. */
	public String eurekaUrl() {
		return "http://" + this.secrets.eurekaUsername() + ":" + this.secrets.eurekaPassword() + "@127.0.0.1:"
				+ this.options.discoveryPort() + "/eureka/";
	}

	/** Mints bearer tokens the gateway of this suite accepts. */
	public TokenMinter tokens() {
		return this.secrets.tokens();
	}

	/**
	 * The instance ids of the running coupon-api replicas ({@code coupon-api:<port>}).
	 */
	public List<String> apiInstanceIds() {
		return this.options.apiInstanceIds();
	}

	public SuiteOptions options() {
		return this.options;
	}

	/**
	 * The recorded components, in start order.
	 */
	public List<ComponentState> components() {
		return List.copyOf(this.state.components().values());
	}

	public Path stateDir() {
		return this.store.stateDir();
	}

	public Path logsDir() {
		return this.store.logsDir();
	}

	public Path logFile(String component) {
		return this.launcher.logFile(component);
	}

	/**
	 * Restarts the gateway with its security on (the default: verified tokens and the per-user rate limit) or off
	 * ({@code trusted-header} mode, no rate limit: the origin's gateway), and returns once it routes to every replica.
	 * The experiment uses it to price verification on the same suite.
	 */
	public synchronized void restartGateway(boolean securityOn) {
		requireRunning();
		requireOwned("restart the gateway in another security mode");
		SuiteOptions restarted = this.options.withEnv("COUPON_SECURITY_MODE", securityOn ? "jwt" : "trusted-header")
			.withEnv("COUPON_RATE_LIMIT_ENABLED", Boolean.toString(securityOn));
		this.options.progress()
			.accept("Restarting the gateway with security " + (securityOn ? "on (jwt)" : "off (trusted-header)"));
		stop(launchedServices((name) -> name.equals("gateway")));
		this.options = restarted;
		service("gateway", "gateway", this.options.gatewayPort(), true);
		awaitGatewayRouting();
	}

	/**
	 * Stops every coupon-api replica, starts as many new ones with {@code strategy} (same ports),
	 * and returns once the gateway's traffic reaches exactly the new replicas, every request
	 * answered.
	 */
	public synchronized void restartApiReplicas(String strategy) {
		requireRunning();
		requireOwned("restart the replicas with another strategy");
		if (this.options.infrastructureOnly()) {
			throw new IllegalStateException("This suite runs the infrastructure only");
		}
		SuiteOptions restarted = this.options.withStrategy(strategy);
		List<ComponentLauncher.Launched> replicas = launchedServices((name) -> name.startsWith("coupon-api-"));
		this.options.progress()
			.accept("Restarting " + replicas.size() + " coupon-api replicas with strategy " + strategy);
		stop(replicas);
		this.state = this.state.withStrategy(strategy);
		this.options = restarted;
		startApiReplicas(true);
		awaitGatewayRouting();
	}

	/**
	 * Starts or stops coupon-api replicas until {@code replicas} run (new ones take the ports following the last
	 * one; the highest-numbered ones stop first), and returns once the gateway's traffic reaches exactly them,
	 * every request answered: verified by requests, not by waiting a fixed time.
	 */
	public synchronized void scaleApiReplicas(int replicas) {
		requireRunning();
		requireOwned("scale the replicas");
		if (this.options.infrastructureOnly()) {
			throw new IllegalStateException("This suite runs the infrastructure only");
		}
		if (replicas < 1) {
			throw new IllegalArgumentException("At least one coupon-api replica must run, asked for " + replicas);
		}
		List<ComponentLauncher.Launched> running = launchedServices((name) -> name.startsWith("coupon-api-")).stream()
			.sorted(Comparator.comparingInt(RunningSuite::replicaNumber))
			.toList();
		if (running.size() == replicas) {
			return;
		}
		this.options.progress()
			.accept("Scaling coupon-api from " + running.size() + " to " + replicas + " replicas");
		if (running.size() > replicas) {
			stop(running.subList(replicas, running.size()));
			this.store.write(this.state);
		}
		// A new replica takes the port after the last one, or any free port if that one is taken.
		List<Integer> ports = new ArrayList<>(this.options.withReplicas(replicas).apiPorts());
		for (int i = running.size(); i < replicas; i++) {
			if (!FreePorts.isFree(ports.get(i))) {
				ports.set(i, FreePorts.find());
			}
		}
		this.options = this.options.withApiPorts(ports);
		startSideBySide(apiReplicaLaunches(running.size(), false));
		awaitGatewayRouting();
	}

	private List<ComponentLauncher.Launched> launchedServices(Predicate<String> name) {
		return this.launched.stream().filter((each) -> name.test(each.name())).toList();
	}

	/** Stops these services (SIGTERM, SIGKILL after the grace period) and forgets them. */
	private void stop(List<ComponentLauncher.Launched> services) {
		ProcessTree.terminate(services.stream().map((each) -> each.process().toHandle()).toList(), STOP_GRACE);
		this.launched.removeAll(services);
		this.state = this.state.without(services.stream().map(ComponentLauncher.Launched::name).toList());
	}

	/**
	 * Kills a component with SIGKILL, as a crash would: no shutdown hook, no flush, no goodbye to the registry. For
	 * Redis, MariaDB and Kafka the server process itself is killed (its InfraMain wrapper then exits on its own). The
	 * component stays recorded, as down, until {@link #restart(String)}.
	 */
	public synchronized void kill(String component) {
		requireRunning();
		ComponentState state = ownComponent(component);
		List<ProcessHandle> targets = new ArrayList<>();
		faultTarget(state).ifPresent(targets::add);
		if (state.kind().equals(ComponentState.INFRA)) {
			// The server's InfraMain wrapper, which exits once the server is gone.
			ProcessTree.find(state.pid(), state.processStart()).ifPresent(targets::add);
		}
		if (targets.isEmpty()) {
			throw new IllegalStateException(component + " is not running");
		}
		targets.getFirst().destroyForcibly();
		// The wrapper of a server exits once the server is gone; a service is its own process.
		if (!ProcessTree.awaitExit(Set.copyOf(targets), Duration.ofSeconds(15))) {
			targets.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		}
		this.launched.removeIf((each) -> each.name().equals(component));
	}

	/** Freezes a component's process with SIGSTOP: it holds its sockets and locks but answers nothing. */
	public void pause(String component) {
		signal(component, "STOP");
	}

	/** Thaws a component frozen by {@link #pause(String)} with SIGCONT. */
	public void resume(String component) {
		signal(component, "CONT");
	}

	/**
	 * Starts a killed component again, on the same port and with the same data folder (Redis comes back empty: it
	 * runs without persistence), appending to its log. Returns once it is ready; for a coupon-api replica, once the
	 * gateway routes to every replica again.
	 */
	public synchronized void restart(String component) {
		requireRunning();
		ComponentState state = ownComponent(component);
		if (isAlive(component)) {
			throw new IllegalStateException(component + " is still running: kill it first");
		}
		this.options.progress().accept("Restarting " + component);
		if (state.kind().equals(ComponentState.INFRA)) {
			Integer controllerPort = component.equals("kafka") ? this.options.kafkaControllerPort() : null;
			record(this.launcher.startInfra(component, state.port(), controllerPort, true));
			return;
		}
		String module = component.startsWith("coupon-api-") ? "coupon-api" : component;
		service(component, module, state.port(), true);
		if (module.equals("coupon-api")) {
			awaitGatewayRouting();
		}
	}

	/** Whether the process behind a component (for infrastructure, the server itself) is alive. */
	public boolean isAlive(String component) {
		ComponentState state = this.state.components().get(component);
		return state != null && faultTarget(state).isPresent();
	}

	/** The names of the components this suite started, in start order. */
	public List<String> componentNames() {
		return this.state.components()
			.values()
			.stream()
			.filter((each) -> !each.kind().equals(ComponentState.EXTERNAL))
			.map(ComponentState::name)
			.toList();
	}

	private ComponentState ownComponent(String component) {
		ComponentState state = this.state.components().get(component);
		if (state == null) {
			throw new IllegalArgumentException("No component named " + component + "; the suite has "
					+ String.join(", ", this.state.components().keySet()));
		}
		if (state.kind().equals(ComponentState.EXTERNAL)) {
			throw new IllegalStateException(
					component + " is an external server: the lab injects faults only into processes it started");
		}
		return state;
	}

	/** The process a fault hits: the server of an infrastructure component, the JVM of a service. */
	private static Optional<ProcessHandle> faultTarget(ComponentState state) {
		return state.kind().equals(ComponentState.INFRA) ? ProcessTree.find(state.serverPid(), state.serverProcessStart())
				: ProcessTree.find(state.pid(), state.processStart());
	}

	private void signal(String component, String signal) {
		requireRunning();
		ProcessHandle target = faultTarget(ownComponent(component))
			.orElseThrow(() -> new IllegalStateException(component + " is not running"));
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + target.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill -" + signal + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + component, ex);
		}
	}

	/**
	 * The base URL of one coupon-api replica, counting from 1, to send load around the gateway.
	 */
	public String apiUrl(int replica) {
		return "http://127.0.0.1:" + this.options.apiPorts().get(replica - 1);
	}

	private static int replicaNumber(ComponentLauncher.Launched replica) {
		return Integer.parseInt(replica.name().substring("coupon-api-".length()));
	}

	/**
	 * Stops every process this suite started (SIGTERM to each and its descendants, SIGKILL after
	 * 15 s) and deletes the state file. Idempotent.
	 */
	public void stop() {
		if (!this.stopped.compareAndSet(false, true)) {
			return;
		}
		if (this.attached) {
			// Another JVM's suite: ./coupon down stops it, with what this view restarted (recorded in the state).
			return;
		}
		if (Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is already shutting down.
			}
		}
		List<ProcessHandle> services = new ArrayList<>();
		List<ProcessHandle> infrastructure = new ArrayList<>();
		for (ComponentLauncher.Launched each : this.launched) {
			(each.kind().equals(ComponentState.SERVICE) ? services : infrastructure).add(each.process().toHandle());
		}
		// Recorded server pids cover a server whose InfraMain parent already died.
		for (ComponentState component : this.state.components().values()) {
			ProcessTree.find(component.serverPid(), component.serverProcessStart()).ifPresent(infrastructure::add);
		}
		if (!services.isEmpty() || !infrastructure.isEmpty()) {
			this.options.progress().accept("Stopping the suite in " + this.store.stateDir());
		}
		// Services first, so that they do not log a storm of connection errors while the
		// infrastructure goes away underneath them.
		ProcessTree.terminate(services, STOP_GRACE);
		ProcessTree.terminate(infrastructure, STOP_GRACE);
		this.launched.clear();
		SuiteCpuBudgets.removeLeftovers(this.store.stateDir(), this.options.progress());
		this.store.delete();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Leaves the processes running after this JVM exits; {@code ./coupon down} stops them.
	 */
	void detach() {
		Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
	}

	void startAll() {
		SuiteOptions opts = this.options;
		// Redis, MariaDB, Kafka and the registry depend on nothing: they start side by side.
		Optional<ComponentLauncher.Starting> redis = (opts.externalRedisUrl() != null) ? Optional.empty()
				: Optional.of(this.launcher.launchInfra("redis", opts.redisPort(), null, false));
		Optional<ComponentLauncher.Starting> mariaDb = (opts.externalJdbcUrl() != null) ? Optional.empty()
				: Optional.of(this.launcher.launchInfra("mariadb", opts.mariaDbPort(), null, false));
		Optional<ComponentLauncher.Starting> kafka = (opts.externalKafkaBootstrap() != null) ? Optional.empty()
				: Optional.of(this.launcher.launchInfra("kafka", opts.kafkaPort(), opts.kafkaControllerPort(), false));
		Optional<ComponentLauncher.Starting> discovery = opts.infrastructureOnly() ? Optional.empty()
				: Optional.of(launchService("discovery-server", "discovery-server", opts.discoveryPort(), false));
		this.redisUrl = redis.map(this::awaitRecorded)
			.orElseGet(() -> external("redis", opts.externalRedisUrl(), 6379));
		if (mariaDb.isEmpty()) {
			this.jdbcUrl = external("mariadb", opts.externalJdbcUrl(), 3306);
			this.dbUsername = (opts.externalDbUsername() != null) ? opts.externalDbUsername() : "root";
			this.dbPassword = (opts.externalDbPassword() != null) ? opts.externalDbPassword() : "";
		}
		else {
			this.jdbcUrl = awaitRecorded(mariaDb.get());
			this.dbUsername = "root";
			this.dbPassword = "";
		}
		this.kafkaBootstrapServers = kafka.map(this::awaitRecorded)
			.orElseGet(() -> external("kafka", opts.externalKafkaBootstrap(), 9092));
		this.state = new SuiteState(this.state.startedAt(), this.state.projectDir(), opts.strategy(), opts.publish(),
				opts.infrastructureOnly() ? null : gatewayUrl(), this.redisUrl, this.jdbcUrl,
				this.kafkaBootstrapServers, this.state.components());
		this.store.write(this.state);
		this.store.writeSecrets(this.secrets);
		if (discovery.isEmpty()) {
			return;
		}
		awaitRecorded(discovery.get());
		// The replicas, the worker and the gateway need only the infrastructure and the registry.
		List<Supplier<ComponentLauncher.Starting>> services = new ArrayList<>(apiReplicaLaunches(0, false));
		services.add(() -> launchService("coupon-worker", "coupon-worker", opts.workerPort(), false));
		services.add(() -> launchService("gateway", "gateway", opts.gatewayPort(), false));
		startSideBySide(services);
		awaitGatewayRouting();
	}

	private void startApiReplicas(boolean appendLog) {
		startSideBySide(apiReplicaLaunches(0, appendLog));
	}

	/** Launches of the replicas from the {@code first}-th (0-based) to the last of the options' API ports. */
	private List<Supplier<ComponentLauncher.Starting>> apiReplicaLaunches(int first, boolean appendLog) {
		List<Integer> ports = this.options.apiPorts();
		List<Supplier<ComponentLauncher.Starting>> launches = new ArrayList<>();
		for (int i = first; i < ports.size(); i++) {
			String name = "coupon-api-" + (i + 1);
			int port = ports.get(i);
			launches.add(() -> launchService(name, "coupon-api", port, appendLog));
		}
		return launches;
	}

	/**
	 * Starts these services {@link #SERVICES_AT_ONCE} at a time, in order, each batch awaited before the next is
	 * launched.
	 */
	private void startSideBySide(List<Supplier<ComponentLauncher.Starting>> launches) {
		for (int from = 0; from < launches.size(); from += SERVICES_AT_ONCE) {
			List<ComponentLauncher.Starting> batch = launches
				.subList(from, Math.min(launches.size(), from + SERVICES_AT_ONCE))
				.stream()
				.map(Supplier::get)
				.toList();
			batch.forEach(this::awaitRecorded);
		}
	}

	private String awaitRecorded(ComponentLauncher.Starting starting) {
		return record(starting.awaitReady()).address();
	}

	private String external(String name, String address, int defaultPort) {
		int port = Probes.hostAndPort(address, defaultPort).map(Probes.HostAndPort::port).orElse(defaultPort);
		record(new ComponentState(name, ComponentState.EXTERNAL, address, port, null, null, null, null, null, null));
		this.options.progress().accept(String.format("  %-18s %-44s external", name, address));
		return address;
	}

	private void service(String name, String module, int port, boolean appendLog) {
		awaitRecorded(launchService(name, module, port, appendLog));
	}

	private ComponentLauncher.Starting launchService(String name, String module, int port, boolean appendLog) {
		return this.launcher.launchService(name, module, port, serviceEnvironment(module, port), appendLog);
	}

	private ComponentState record(ComponentState component) {
		this.state = this.state.with(component);
		this.store.write(this.state);
		return component;
	}

	Map<String, String> serviceEnvironment(String module, int port) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("EUREKA_URL", eurekaUrl());
		// Each secret only to the service that needs it.
		if (module.equals("discovery-server")) {
			env.put("EUREKA_USERNAME", this.secrets.eurekaUsername());
			env.put("EUREKA_PASSWORD", this.secrets.eurekaPassword());
		}
		if (module.equals("gateway")) {
			env.put("COUPON_JWT_SECRET", this.secrets.jwtSecret());
		}
		if (module.equals("discovery-server")) {
			// The registry uses no infrastructure, and starts beside it, before its addresses are known.
			env.putAll(this.options.extraEnv());
			return env;
		}
		env.put("COUPON_REDIS_URL", this.redisUrl);
		env.put("KAFKA_BOOTSTRAP_SERVERS", this.kafkaBootstrapServers);
		env.put("DB_URL", this.jdbcUrl);
		env.put("DB_USERNAME", this.dbUsername);
		env.put("DB_PASSWORD", this.dbPassword);
		env.put("COUPON_ISSUE_STRATEGY", this.options.strategy());
		env.put("COUPON_ISSUE_PUBLISH", this.options.publish());
		env.putAll(this.options.extraEnv());
		if (UNSAFE_MODES.stream().anyMatch((unsafe) -> unsafe.getValue().equals(env.get(unsafe.getKey())))) {
			// The services refuse an unsafe comparison mode unless the lab's switch says it is meant.
			env.putIfAbsent("COUPON_LAB_UNSAFE_MODES", "true");
		}
		return env;
	}

	/**
	 * Sends requests through the gateway until a window of consecutive answers is all 200 and
	 * carries exactly the expected instance ids: the gateway then routes to every replica, and
	 * to nothing else.
	 */
	private void awaitGatewayRouting() {
		Set<String> expected = new TreeSet<>(this.options.apiInstanceIds());
		String url = gatewayUrl() + INSTANCE_PATH;
		int window = Math.max(8, 4 * expected.size());
		Deque<String> recent = new ArrayDeque<>();
		Set<String> seen = new TreeSet<>();
		long started = System.nanoTime();
		long deadline = started + this.options.startupTimeout().toNanos();
		long nextReport = started + Duration.ofSeconds(15).toNanos();
		int requests = 0;
		String lastProblem = "none";
		Optional<ComponentLauncher.Launched> gateway = this.launched.stream()
			.filter((each) -> each.name().equals("gateway"))
			.findFirst();
		while (true) {
			String answer;
			try {
				HttpResponse<String> response = Probes.get(url, Duration.ofSeconds(5),
						TokenMinter.bearer(tokens().admin()));
				requests++;
				Optional<String> id = response.headers().firstValue(INSTANCE_HEADER);
				if (response.statusCode() == 200 && id.isPresent()) {
					answer = id.get();
					seen.add(answer);
				}
				else {
					answer = "HTTP " + response.statusCode();
					lastProblem = answer + " " + abbreviate(response.body());
				}
			}
			catch (IOException ex) {
				answer = "error";
				lastProblem = ex.toString();
			}
			recent.addLast(answer);
			while (recent.size() > window) {
				recent.removeFirst();
			}
			if (recent.size() == window && expected.containsAll(recent) && new TreeSet<>(recent).equals(expected)) {
				this.options.progress()
					.accept(String.format("  %-18s routes to %s (%d requests, %.1fs)", "gateway", expected, requests,
							(System.nanoTime() - started) / 1e9));
				return;
			}
			if (gateway.isPresent() && !gateway.get().process().isAlive()) {
				throw this.launcher.failure("gateway", "exited while waiting for it to route to " + expected,
						this.launcher.logFile("gateway"), 0);
			}
			if (System.nanoTime() > deadline) {
				throw this.launcher.failure("gateway",
						"did not route to exactly " + expected + " within " + this.options.startupTimeout().toSeconds()
								+ "s (seen " + seen + ", last answers " + recent + ", last problem: " + lastProblem + ")",
						this.launcher.logFile("gateway"), 0);
			}
			if (System.nanoTime() > nextReport) {
				this.options.progress()
					.accept("  waiting for the gateway to route to " + expected + "; seen so far " + seen);
				nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			}
			Pauses.pause(answer.startsWith("coupon-api") ? Duration.ofMillis(20) : Duration.ofMillis(250));
		}
	}

	private void requireOwned(String what) {
		if (this.attached) {
			throw new IllegalStateException("Cannot " + what + " of a suite started by ./coupon up from here: "
					+ "stop it (./coupon down) and start it as needed");
		}
	}

	private void requireRunning() {
		if (this.stopped.get()) {
			throw new IllegalStateException("The suite was stopped");
		}
	}

	private static String abbreviate(String body) {
		String flat = (body == null) ? "" : body.replaceAll("\\s+", " ").trim();
		return (flat.length() > 160) ? flat.substring(0, 160) + "..." : flat;
	}

}
