package io.coupon.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.coupon.lab.experiment.SuiteClient;

/**
 * {@code ./coupon train}: builds every service's {@link AotCache} from a training run on real work. It extracts each
 * jar, starts the suite with one replica and {@code -XX:AOTCacheOutput} (JEP 514: the JVM records while it runs and
 * writes the cache when it exits), sends issue and status requests through the gateway (token check and proxy at the
 * gateway, the issue path with its Kafka publish at the replica, batch inserts at the worker, heartbeats at the
 * registry), then stops the services one at a time so that each writes its cache without the others competing for
 * the CPU.
 */
final class AotTraining {

	static final List<String> MODULES = List.of("discovery-server", "gateway", "coupon-api", "coupon-worker");

	/** In stopping order: the gateway first, so that nothing is proxied to a replica that is leaving. */
	private static final List<String> STOP_ORDER = List.of("gateway", "coupon-api-1", "coupon-worker",
			"discovery-server");

	/** How long one JVM may take to exit: assembling its cache takes it tens of seconds on a loaded machine. */
	private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(5);

	private static final int CONCURRENCY = 16;

	private final SuiteOptions options;

	private final Duration load;

	private final Consumer<String> progress;

	AotTraining(SuiteOptions options, Duration load) {
		this.options = options.withReplicas(1);
		this.load = load;
		this.progress = options.progress();
	}

	/** @return the modules whose cache was written */
	List<String> run() {
		List<AotCache> caches = MODULES.stream()
			.map((module) -> new AotCache(this.options.stateDir(), this.options.projectDir(), module))
			.toList();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> trained = new ArrayList<>();
		try {
			for (AotCache cache : caches) {
				ComponentLauncher.requireJar(ProjectLayout.serviceJar(this.options.projectDir(), cache.module()),
						cache.module());
				this.progress.accept("Extracting " + cache.module() + " for its AOT cache");
				cache.prepareTraining(java);
			}
			try (RunningSuite suite = Suite.start(this.options)) {
				sendLoad(suite);
				for (String component : STOP_ORDER) {
					stopAndAwaitCache(suite, component);
				}
			}
			for (AotCache cache : caches) {
				if (cache.finishTraining()) {
					trained.add(cache.module());
					this.progress.accept(String.format("  %-18s %s (%d MB)", cache.module(), cache.cacheFile(),
							size(cache.cacheFile()) / (1024 * 1024)));
				}
				else {
					this.progress.accept("  " + cache.module() + ": no AOT cache was written; see its log");
				}
			}
			return trained;
		}
		finally {
			caches.forEach(AotCache::abandonTraining);
		}
	}

	private void sendLoad(RunningSuite suite) {
		long coupon = new SuiteClient(suite).createCoupon("aot-training", 100_000_000L);
		this.progress.accept("Training load: " + this.load.toSeconds() + " s of issue and status requests through "
				+ suite.gatewayUrl() + ", " + CONCURRENCY + " at a time");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		String base = suite.gatewayUrl() + "/api/v1/coupons/" + coupon;
		AtomicLong nextUser = new AtomicLong(1);
		AtomicLong answered = new AtomicLong();
		long end = System.nanoTime() + this.load.toNanos();
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < CONCURRENCY; i++) {
				workers.submit(() -> {
					while (System.nanoTime() < end) {
						long user = nextUser.getAndIncrement();
						String bearer = TokenMinter.bearer(suite.tokens().user(user));
						send(http, HttpRequest.newBuilder(URI.create(base + "/issue"))
							.header("Authorization", bearer)
							.POST(HttpRequest.BodyPublishers.noBody()), answered);
						// Every fourth user asks again (409) and for its status (PENDING or ISSUED).
						if (user % 4 == 0) {
							send(http, HttpRequest.newBuilder(URI.create(base + "/issue"))
								.header("Authorization", bearer)
								.POST(HttpRequest.BodyPublishers.noBody()), answered);
							send(http, HttpRequest.newBuilder(URI.create(base + "/issues/" + user))
								.header("Authorization", bearer)
								.GET(), answered);
						}
					}
				});
			}
		}
		this.progress.accept("Training load done: " + answered.get() + " answers");
	}

	private static void send(HttpClient http, HttpRequest.Builder request, AtomicLong answered) {
		try {
			http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
			answered.incrementAndGet();
		}
		catch (IOException ex) {
			// A refused or timed-out request still ran code worth recording; the training goes on.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void stopAndAwaitCache(RunningSuite suite, String name) {
		Optional<ProcessHandle> process = suite.components()
			.stream()
			.filter((component) -> component.name().equals(name) && component.pid() != null)
			.findFirst()
			.flatMap((component) -> ProcessHandle.of(component.pid()));
		if (process.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		process.get().destroy();
		try {
			process.get().onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			this.progress.accept(String.format("  %-18s stopped and wrote its AOT cache in %.1fs", name,
					(System.nanoTime() - start) / 1e9));
		}
		catch (TimeoutException ex) {
			this.progress.accept("  " + name + " did not exit within " + EXIT_TIMEOUT.toSeconds() + "s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** The flags of {@code ./coupon train}. */
	static Duration parseLoad(List<String> args) {
		Duration load = Duration.ofSeconds(60);
		for (CommandFlags.Flag flag : CommandFlags.parse(args)) {
			if (!flag.name().equals("--duration")) {
				throw new IllegalArgumentException("Unknown flag for train: " + flag.arg());
			}
			try {
				load = Duration.parse("PT" + flag.value().toUpperCase(java.util.Locale.ROOT));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("--duration takes a duration such as 60s or 2m, got " + flag.value());
			}
		}
		return load;
	}

	static final String USAGE = """
			train [--duration 60s]
			    Build an AOT cache (JDK 25, JEP 483/514/515) for every service from a training run: the jars are
			    extracted to .coupon/aot/, the suite runs with 1 replica and the given duration of issue and status
			    requests through the gateway, and each service writes its cache as it stops. Later starts (up,
			    experiment, demo, chaos) use a service's cache while its jar is unchanged; a rebuilt jar makes it stale
			    (started without it, train again).""";

}
