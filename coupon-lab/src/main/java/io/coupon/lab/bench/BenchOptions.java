package io.coupon.lab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.coupon.lab.experiment.ExperimentOptions;

/**
 * The options of {@code ./coupon bench gateway}.
 *
 * @param vusers closed-model virtual users, each on its own connection
 * @param warmup unmeasured load before each case's measurement (the JVMs compile their hot paths)
 * @param duration each case's measurement
 * @param nginx whether the nginx proxy hop is measured
 * @param baselineJar a second gateway jar measured in the same run, or null
 * @param baselineEnvironment settings only the baseline gateway gets (for example one switch of the gateway's
 * configuration, as environment variables); with no baseline jar the baseline is the project's jar with these
 * @param variants named settings measured against the default gateway in one run (secured), or empty
 * @param rounds how many times the default and every variant are measured, with variants
 */
public record BenchOptions(int vusers, Duration warmup, Duration duration, NginxMode nginx, Path baselineJar,
		Map<String, String> baselineEnvironment, List<BenchVariant> variants, int rounds) {

	public static final String USAGE = """
			bench gateway [--vusers 100] [--warmup 90s] [--duration 30s] [--nginx auto|true|false]
			              [--baseline-jar <path>] [--baseline-env NAME=VALUE,...] [--variants <file> [--rounds 1]]
			    The gateway alone (gateway/target/gateway.jar, with the registry and the Redis its rate limiter needs)
			    in front of a stand-in replica that answers issue requests with nothing behind it; a closed-model load,
			    every request a new user with a freshly signed token. Measures the gateway secured (jwt) and trusted
			    (trusted-header, no rate limit), the stand-in direct, and one nginx hop (1 worker) when nginx is
			    installed (auto), required (true) or skipped (false). --baseline-jar measures a second gateway jar in
			    the same run, alternating with the candidate, for ratios of one code change; --baseline-env gives only
			    the baseline gateway these environment variables (the project's jar when no --baseline-jar is given),
			    for the price of one setting, e.g. SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_OBSERVABILITY_ENABLED=true.
			    --variants measures several named settings against the default gateway (secured) in one run: a file
			    of [name] lines, each followed by its NAME=VALUE environment lines (JAVA_TOOL_OPTIONS replaces the
			    suite's JVM options), the default measured again after every 3 variants; --rounds repeats it all,
			    every other round in reverse order (docs/gateway-variants.txt). Reports the CPU each
			    process used per answer (utime + stime), answers/s, latency and non-2xx answers, in
			    results/<timestamp>-bench-gateway/ (report.md, results.json).""";

	/** When nginx is measured. */
	public enum NginxMode {

		/** When it is installed; said in the output when it is not. */
		AUTO,
		/** Always: a missing nginx fails the run. */
		TRUE,
		/** Never. */
		FALSE;

		static NginxMode parse(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "auto" -> AUTO;
				case "true" -> TRUE;
				case "false" -> FALSE;
				default -> throw new IllegalArgumentException("--nginx must be auto, true or false, got " + value);
			};
		}

	}

	public BenchOptions {
		baselineEnvironment = Map.copyOf(baselineEnvironment);
		variants = List.copyOf(variants);
		if (rounds < 1) {
			throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
		}
		if (!variants.isEmpty() && (baselineJar != null || !baselineEnvironment.isEmpty())) {
			throw new IllegalArgumentException("--variants does not combine with --baseline-jar or --baseline-env");
		}
		if (vusers < 1) {
			throw new IllegalArgumentException("--vusers must be at least 1, got " + vusers);
		}
		if (warmup.isNegative()) {
			throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
		}
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("--duration must be at least 1s, got " + duration);
		}
	}

	public BenchOptions(int vusers, Duration warmup, Duration duration, NginxMode nginx, Path baselineJar,
			Map<String, String> baselineEnvironment) {
		this(vusers, warmup, duration, nginx, baselineJar, baselineEnvironment, List.of(), 1);
	}

	public static BenchOptions defaults() {
		return new BenchOptions(100, Duration.ofSeconds(90), Duration.ofSeconds(30), NginxMode.AUTO, null, Map.of());
	}

	/** {@code args} after {@code bench gateway}. */
	public static BenchOptions parse(List<String> args) {
		BenchOptions options = defaults();
		for (int i = 0; i < args.size(); i++) {
			String name = args.get(i);
			if (i + 1 >= args.size()) {
				throw new IllegalArgumentException(name + " needs a value");
			}
			String value = args.get(++i);
			options = switch (name) {
				case "--vusers" -> options.withVusers(positive(name, value));
				case "--warmup" -> options.withWarmup(ExperimentOptions.duration(name, value));
				case "--duration" -> options.withDuration(ExperimentOptions.duration(name, value));
				case "--nginx" -> options.withNginx(NginxMode.parse(value));
				case "--baseline-jar" -> options.withBaselineJar(existingJar(value));
				case "--baseline-env" -> options.withBaselineEnvironment(environment(value));
				case "--variants" -> options.withVariants(BenchVariant.read(Path.of(value)), options.rounds());
				case "--rounds" -> options.withVariants(options.variants(), positive(name, value));
				default -> throw new IllegalArgumentException("Unknown option for bench gateway: " + name);
			};
		}
		return options;
	}

	public BenchOptions withVusers(int vusers) {
		return new BenchOptions(vusers, this.warmup, this.duration, this.nginx, this.baselineJar,
				this.baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withWarmup(Duration warmup) {
		return new BenchOptions(this.vusers, warmup, this.duration, this.nginx, this.baselineJar,
				this.baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withDuration(Duration duration) {
		return new BenchOptions(this.vusers, this.warmup, duration, this.nginx, this.baselineJar,
				this.baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withNginx(NginxMode nginx) {
		return new BenchOptions(this.vusers, this.warmup, this.duration, nginx, this.baselineJar,
				this.baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withBaselineJar(Path baselineJar) {
		return new BenchOptions(this.vusers, this.warmup, this.duration, this.nginx, baselineJar,
				this.baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withBaselineEnvironment(Map<String, String> baselineEnvironment) {
		return new BenchOptions(this.vusers, this.warmup, this.duration, this.nginx, this.baselineJar,
				baselineEnvironment, this.variants, this.rounds);
	}

	public BenchOptions withVariants(List<BenchVariant> variants, int rounds) {
		return new BenchOptions(this.vusers, this.warmup, this.duration, this.nginx, this.baselineJar,
				this.baselineEnvironment, variants, rounds);
	}

	/** Whether a baseline gateway is measured beside the candidate. */
	public boolean hasBaseline() {
		return this.baselineJar != null || !this.baselineEnvironment.isEmpty();
	}

	/** {@code NAME=VALUE,NAME=VALUE}: environment variable names as a shell takes them. */
	private static Map<String, String> environment(String value) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			int equals = pair.indexOf('=');
			String name = (equals > 0) ? pair.substring(0, equals).trim() : "";
			if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException("--baseline-env takes NAME=VALUE pairs separated by commas, got "
						+ pair);
			}
			environment.put(name, pair.substring(equals + 1));
		}
		return environment;
	}

	private static int positive(String name, String value) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, got " + value);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, got " + value);
		}
	}

	private static Path existingJar(String value) {
		Path jar = Path.of(value).toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("--baseline-jar " + value + " is not a file");
		}
		return jar;
	}

}
