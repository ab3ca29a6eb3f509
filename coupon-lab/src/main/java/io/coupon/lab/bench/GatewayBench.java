package io.coupon.lab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.coupon.infra.FreePorts;
import io.coupon.lab.ComponentState;
import io.coupon.lab.LabProcesses;
import io.coupon.lab.Pauses;
import io.coupon.lab.SuiteOptions;
import io.coupon.lab.TokenMinter;
import io.coupon.lab.experiment.ClosedIssueLoad;
import io.coupon.lab.experiment.Machine;

/**
 * {@code ./coupon bench gateway}: the gateway alone in front of a {@link StandInReplica}, with the registry and the
 * Redis its rate limiter needs, under the experiments' closed-model issue load; then the same load straight to the
 * stand-in and through one nginx hop. Every case warms up, is measured, and has the CPU of its processes counted over
 * the measurement. The gateway is restarted for every gateway case (its mode is set at start).
 */
public final class GatewayBench {

	/** Consecutive routed answers that show the gateway has the stand-in from the registry. */
	private static final int ROUTED_IN_A_ROW = 5;

	private final BenchOptions options;

	private final Path resultsDir;

	private final PrintStream out;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	public GatewayBench(BenchOptions options, Path resultsDir, PrintStream out) {
		this.options = options;
		this.resultsDir = resultsDir;
		this.out = out;
	}

	/**
	 * Runs every case, writes the report, and returns the terminal table.
	 * @param suite the project, the state folder (the bench's logs go to its {@code bench/} folder), JVM options
	 * @throws IllegalStateException when a jar or a required nginx is missing, or a component does not start
	 */
	public String run(SuiteOptions suite) {
		return measure(suite).terminalTable();
	}

	/** Runs every case, writing the report after each; returns it. */
	BenchReport measure(SuiteOptions suite) {
		Path candidateJar = suite.projectDir().resolve("gateway").resolve("target").resolve("gateway.jar");
		if (!Files.isRegularFile(candidateJar)) {
			throw new IllegalStateException("Missing " + candidateJar + ": build the project first (./mvnw -DskipTests "
					+ "package)");
		}
		Optional<Path> nginx = (this.options.nginx() == BenchOptions.NginxMode.FALSE) ? Optional.empty()
				: NginxHop.find();
		BenchReport report = new BenchReport(this.options, Instant.now(), Machine.facts());
		if (nginx.isEmpty() && this.options.nginx() == BenchOptions.NginxMode.TRUE) {
			throw new IllegalStateException("--nginx true, but nginx is not installed: " + NginxHop.INSTALL_HINT);
		}
		if (nginx.isEmpty() && this.options.nginx() == BenchOptions.NginxMode.AUTO) {
			String note = "nginx is not installed, so the nginx hop was not measured (" + NginxHop.INSTALL_HINT + ").";
			this.out.println(note);
			report.note(note);
		}
		List<BenchCase> cases = this.options.variants().isEmpty()
				? BenchCase.plan(nginx.isPresent(), this.options.hasBaseline())
				: BenchCase.plan(nginx.isPresent(), this.options.variants(), this.options.rounds());
		this.out.printf("Gateway benchmark: %d cases (%s), %d virtual users, %ds warm-up + %ds measured each; results "
				+ "in %s%n", cases.size(), String.join(", ", cases.stream().map(BenchCase::label).toList()),
				this.options.vusers(), this.options.warmup().toSeconds(), this.options.duration().toSeconds(),
				this.resultsDir);
		String loadBefore = loadAverage();
		SuiteOptions labOptions = suite.withStateDir(suite.stateDir().resolve("bench"));
		try (LabProcesses lab = new LabProcesses(labOptions)) {
			int discoveryPort = FreePorts.find();
			String redisUrl = lab.startRedis(FreePorts.find()).address();
			lab.startDiscoveryServer(discoveryPort);
			int standInPort = FreePorts.find();
			ComponentState standIn = lab.startLabMain("stand-in", StandInReplica.class.getName(),
					List.of("--port", Integer.toString(standInPort), "--eureka", lab.eurekaUrl(discoveryPort)),
					suite.jvmOptions(), standInPort);
			TokenMinter tokens = lab.secrets().tokens();
			List<ComponentState> measured = new CopyOnWriteArrayList<>(List.of(standIn));
			for (BenchCase benchCase : cases) {
				this.out.printf("%n[%s]%n", benchCase.label());
				String baseUrl;
				NginxHop hop = null;
				if (benchCase.path() == BenchCase.Path.DIRECT) {
					baseUrl = standIn.address();
				}
				else if (benchCase.path() == BenchCase.Path.NGINX) {
					hop = NginxHop.start(nginx.orElseThrow(), this.resultsDir.resolve("nginx"), FreePorts.find(),
							standInPort, suite.startupTimeout());
					measured.add(hop.state());
					baseUrl = hop.url();
				}
				else {
					int gatewayPort = FreePorts.find();
					Path jar = (benchCase.baseline() && this.options.baselineJar() != null) ? this.options.baselineJar()
							: candidateJar;
					Map<String, String> environment = new HashMap<>(
							gatewayEnvironment(benchCase.path(), gatewayPort, lab, discoveryPort, redisUrl));
					if (benchCase.baseline()) {
						environment.putAll(this.options.baselineEnvironment());
					}
					environment.putAll(benchCase.environment());
					ComponentState gateway = lab.startJar("gateway", jar, gatewayPort, environment);
					measured.add(gateway);
					baseUrl = gateway.address();
					awaitRouting(baseUrl, tokens, StandInReplica.APPLICATION + ":" + standInPort,
							suite.startupTimeout());
				}
				try {
					ClosedIssueLoad.Measured result = ClosedIssueLoad.run(baseUrl, this.options.vusers(),
							this.options.warmup(), this.options.duration(), tokens, this.resultsDir.resolve("gatling"),
							benchCase.label(), this.out, () -> List.copyOf(measured));
					BenchResult benchResult = BenchResult.of(benchCase, result.load(), result.cpu());
					report.add(benchResult);
					this.out.println(summary(benchResult));
				}
				finally {
					if (hop != null) {
						hop.close();
					}
					if (benchCase.path().viaGateway()) {
						lab.stop("gateway");
					}
					measured.removeIf((each) -> !each.name().equals("stand-in"));
				}
				report.loadAverages(loadBefore, loadAverage());
				report.write(this.resultsDir);
			}
		}
		return report;
	}

	static Map<String, String> gatewayEnvironment(BenchCase.Path mode, int port, LabProcesses lab, int discoveryPort,
			String redisUrl) {
		boolean secured = mode == BenchCase.Path.SECURED;
		return Map.of("SERVER_PORT", Integer.toString(port), "EUREKA_URL", lab.eurekaUrl(discoveryPort),
				"COUPON_JWT_SECRET", lab.secrets().jwtSecret(), "COUPON_REDIS_URL", redisUrl, "COUPON_SECURITY_MODE",
				secured ? "jwt" : "trusted-header", "COUPON_LAB_UNSAFE_MODES", Boolean.toString(!secured),
				"COUPON_RATE_LIMIT_ENABLED", Boolean.toString(secured));
	}

	/**
	 * Asks the gateway which replica answers until {@link #ROUTED_IN_A_ROW} answers in a row come from the stand-in:
	 * the gateway has then fetched it from the registry.
	 */
	private void awaitRouting(String gatewayUrl, TokenMinter tokens, String instanceId, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/instance"))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", TokenMinter.bearer(tokens.admin()))
			.build();
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		int inARow = 0;
		String last = "none";
		while (inARow < ROUTED_IN_A_ROW) {
			try {
				HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
				boolean routed = response.statusCode() == 200 && response.headers()
					.firstValue(StandInReplica.INSTANCE_HEADER)
					.filter(instanceId::equals)
					.isPresent();
				inARow = routed ? inARow + 1 : 0;
				last = "HTTP " + response.statusCode();
			}
			catch (IOException ex) {
				inARow = 0;
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the gateway to route", ex);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The gateway did not route to " + instanceId + " within "
						+ timeout.toSeconds() + "s (last answer: " + last + ")");
			}
			if (inARow < ROUTED_IN_A_ROW) {
				Pauses.pause(Duration.ofMillis((inARow > 0) ? 20 : 250));
			}
		}
		this.out.printf("  gateway routes to %s (%.1fs)%n", instanceId, (System.nanoTime() - started) / 1e9);
	}

	static String summary(BenchResult result) {
		return String.format(Locale.ROOT,
				"  => %s: %,.0f answers/s, p50 %d ms, p99 %d ms, %,d non-2xx, %,d timeouts, %s µs of %s CPU per answer",
				result.label(), result.answersPerSecond(), result.p50Millis(), result.p99Millis(), result.non2xx(),
				result.timeouts(), result.proxyCpuPerAnswer().map((cpu) -> String.format(Locale.ROOT, "%,.0f", cpu))
					.orElse("-"),
				result.path().process());
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
