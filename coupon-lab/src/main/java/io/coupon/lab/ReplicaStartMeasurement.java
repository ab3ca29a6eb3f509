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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.coupon.infra.FreePorts;
import io.coupon.lab.experiment.SuiteClient;

/**
 * Measures how fast a new coupon-api replica serves, with and without its warm-up and its AOT cache, in one run on one
 * suite (free ports, its own state folder): for each variant a new replica starts next to the suite, and as soon as it
 * is ready (what the gateway waits for) a closed load of new users is sent straight to it. Reported per variant: the
 * time from its process start to ready, to its first answer, and to 80% of the warm rate (the best steady rate of all
 * variants, a 3 s moving average); and the mean rate of its first 30 s.
 * <p>
 * Run: {@code java -cp coupon-lab/target/coupon-lab.jar io.coupon.lab.ReplicaStartMeasurement [--train] [--load 45s]
 * [--vusers 32] [--rounds 1]}; {@code --train} first builds the AOT caches ({@link AotTraining}) in that folder ({@code -Dcoupon.measure.dir}, by default {@code $TMPDIR/coupon-replica-start}).
 */
public final class ReplicaStartMeasurement {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private record Variant(String name, boolean warmUp, boolean aot) {
	}

	private record Result(Variant variant, double readySeconds, double firstAnswerSeconds, long[] perSecond,
			int loadStartSecond) {
	}

	public static void main(String[] args) throws Exception {
		boolean train = false;
		Duration load = Duration.ofSeconds(45);
		int vusers = 32;
		int rounds = 1;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--train" -> train = true;
				case "--load" -> load = Duration.parse("PT" + args[++i].toUpperCase(java.util.Locale.ROOT));
				case "--vusers" -> vusers = Integer.parseInt(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		Path projectDir = ProjectLayout.detectProjectDir();
		Path stateDir = Path.of(System.getProperty("coupon.measure.dir",
				Path.of(System.getProperty("java.io.tmpdir"), "coupon-replica-start").toString()));
		SuiteOptions options = SuiteOptions.defaults(projectDir)
			.withStateDir(stateDir)
			.withReplicas(1)
			.withFreePorts()
			.withProgress(System.out::println);
		if (train) {
			new AotTraining(options, Duration.ofSeconds(60)).run();
			options = options.withFreePorts();
		}
		Path cacheDir = stateDir.resolve("aot").resolve("coupon-api");
		Path parked = stateDir.resolve("aot-parked").resolve("coupon-api");
		if (!Files.isDirectory(cacheDir) || new AotCache(stateDir, projectDir, "coupon-api").status() != AotCache.Status.FRESH) {
			throw new IllegalStateException("No fresh AOT cache for coupon-api in " + cacheDir + ": run with --train");
		}
		// The suite itself starts without the coupon-api cache; each variant decides.
		park(cacheDir, parked);
		List<Variant> order = List.of(new Variant("cold", false, false), new Variant("warm-up + AOT", true, true),
				new Variant("warm-up", true, false), new Variant("AOT", false, true));
		List<Result> results = new ArrayList<>();
		try (RunningSuite suite = Suite.start(options)) {
			long coupon = new SuiteClient(suite).createCoupon("replica-start", 100_000_000L);
			AtomicLong users = new AtomicLong(1);
			// The lab's own HTTP client and load code warm up on the suite's replica first.
			String first = suite.components().stream().filter((c) -> c.name().equals("coupon-api-1")).findFirst()
				.orElseThrow().address();
			runLoad(first, coupon, users, vusers, Duration.ofSeconds(20), System.nanoTime());
			ComponentLauncher launcher = new ComponentLauncher(options, new StateStore(stateDir), (launched) -> {
			});
			int number = 10;
			for (int round = 0; round < rounds; round++) {
				for (Variant variant : order) {
					if (variant.aot()) {
						park(parked, cacheDir);
					}
					try {
						results.add(measure(suite, launcher, variant, ++number, coupon, users, vusers, load));
					}
					finally {
						if (variant.aot()) {
							park(cacheDir, parked);
						}
					}
				}
			}
		}
		finally {
			if (Files.isDirectory(parked)) {
				park(parked, cacheDir);
			}
		}
		report(results, vusers, load);
	}

	private static Result measure(RunningSuite suite, ComponentLauncher launcher, Variant variant, int number,
			long coupon, AtomicLong users, int vusers, Duration load) throws Exception {
		int port = FreePorts.find();
		Map<String, String> env = new LinkedHashMap<>(suite.serviceEnvironment("coupon-api", port));
		env.put("COUPON_WARM_UP", Boolean.toString(variant.warmUp()));
		System.out.println("Variant " + variant.name() + ": coupon-api-" + number + " on port " + port);
		long start = System.nanoTime();
		ComponentState state = launcher.startService("coupon-api-" + number, "coupon-api", port, env, false);
		long ready = System.nanoTime();
		try {
			long[] counts = runLoad(state.address(), coupon, users, vusers, load, start);
			long firstAnswer = firstAnswerNanos.get();
			return new Result(variant, (ready - start) / 1e9, (firstAnswer - start) / 1e9, counts,
					(int) ((ready - start) / 1_000_000_000L));
		}
		finally {
			ProcessTree.terminate(List.of(ProcessHandle.of(state.pid()).orElseThrow()), Duration.ofSeconds(15));
		}
	}

	private static final AtomicLong firstAnswerNanos = new AtomicLong();

	/**
	 * A closed load of new users straight to one replica for {@code duration}; answers (201 and 409) counted per second
	 * since {@code origin}.
	 */
	private static long[] runLoad(String address, long coupon, AtomicLong users, int vusers, Duration duration,
			long origin) {
		int seconds = (int) ((System.nanoTime() - origin) / 1_000_000_000L + duration.toSeconds() + 2);
		AtomicLongArray counts = new AtomicLongArray(seconds);
		firstAnswerNanos.set(Long.MAX_VALUE);
		URI issue = URI.create(address + "/api/v1/coupons/" + coupon + "/issue");
		long end = System.nanoTime() + duration.toNanos();
		try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < vusers; i++) {
				workers.submit(() -> {
					while (System.nanoTime() < end) {
						HttpRequest request = HttpRequest.newBuilder(issue)
							.timeout(Duration.ofSeconds(10))
							.header("X-USER-ID", Long.toString(users.getAndIncrement()))
							.POST(HttpRequest.BodyPublishers.noBody())
							.build();
						try {
							int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
							long now = System.nanoTime();
							if (status == 201 || status == 409) {
								firstAnswerNanos.accumulateAndGet(now, Math::min);
								int second = (int) ((now - origin) / 1_000_000_000L);
								if (second < seconds) {
									counts.incrementAndGet(second);
								}
							}
						}
						catch (IOException ex) {
							// Counted as no answer.
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				});
			}
		}
		long[] result = new long[seconds];
		for (int i = 0; i < seconds; i++) {
			result[i] = counts.get(i);
		}
		return result;
	}

	private static void report(List<Result> results, int vusers, Duration load) {
		// The warm rate: the best steady rate (the mean of the last 10 s of a load) of any variant.
		double warm = results.stream().mapToDouble(ReplicaStartMeasurement::steadyRate).max().orElse(0);
		System.out.println();
		System.out.printf("Warm rate (best mean of the last 10 s of a variant): %.0f answers/s; %d vusers, %d s of load%n",
				warm, vusers, load.toSeconds());
		System.out.println("| variant | ready s | first answer s | 80% of warm s | answers/s, first 30 s | steady answers/s |");
		System.out.println("|---|---|---|---|---|---|");
		for (Result result : results) {
			System.out.printf("| %s | %.1f | %.1f | %s | %.0f | %.0f |%n", result.variant().name(), result.readySeconds(),
					result.firstAnswerSeconds(), timeTo(result, 0.8 * warm), meanOverFirst(result, 30),
					steadyRate(result));
		}
	}

	private static double steadyRate(Result result) {
		long[] c = result.perSecond();
		int last = c.length - 2;
		double sum = 0;
		for (int i = last - 10; i < last; i++) {
			sum += c[i];
		}
		return sum / 10;
	}

	/** The first second (since process start) where the 3 s moving average reaches {@code rate}. */
	private static String timeTo(Result result, double rate) {
		long[] c = result.perSecond();
		for (int i = 2; i < c.length; i++) {
			if ((c[i] + c[i - 1] + c[i - 2]) / 3.0 >= rate) {
				return Integer.toString(i + 1);
			}
		}
		return "not reached";
	}

	private static double meanOverFirst(Result result, int seconds) {
		long[] c = result.perSecond();
		int from = result.loadStartSecond();
		double sum = 0;
		for (int i = from; i < Math.min(c.length, from + seconds); i++) {
			sum += c[i];
		}
		return sum / seconds;
	}

	private static void park(Path from, Path to) throws IOException {
		Files.createDirectories(to.getParent());
		Files.move(from, to);
	}

	private ReplicaStartMeasurement() {
	}

}
