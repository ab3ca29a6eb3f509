package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.coupon.lab.CommandFlags;
import io.coupon.lab.SuiteOptions;

/**
 * What {@code ./coupon experiment --scenario spike|ramp} runs: a sale as it arrives (an open model). Every user is new
 * and sends one issue request, and, like a real client, sends it again after a backoff when the answer was a 503 (or
 * the gateway's 502 or 504) or nothing within the timeout, at most {@code retries} times. A spike sends all its
 * users at once (the origin's S3: 10,000 users on a stock of 1,000); a ramp sends them at an arrival rate that grows from {@code rateFrom} to
 * {@code rateTo} users per second over {@code duration}. Before the sale, a closed load of
 * {@link GatlingLoad#COLD_VUSERS} virtual users warms the suite up on a coupon of its own, as a real sale meets
 * servers that have been running.
 *
 * @param users spike: how many users arrive at once (a ramp's users follow from its rate and duration)
 * @param backoff the wait before the first retry; each further retry waits twice as long, plus up to half of it at
 * random, so that the retries of users answered together spread out
 * @param warmup the closed warm-up load before the sale (zero: none)
 * @param coldWarmup added to the warm-up when the suite has just started
 */
public record SaleOptions(Shape shape, int users, int rateFrom, int rateTo, Duration duration, long stock,
		int replicas, String strategy, Target target, Duration requestTimeout, int retries, Duration backoff,
		Duration warmup, Duration coldWarmup) {

	/** A client that retries more than this is a load generator, not a client. */
	static final int MAX_RETRIES = 10;

	/** How the sale's users arrive. */
	public enum Shape {

		/** All at once. */
		SPIKE,
		/** At a rate that grows linearly. */
		RAMP;

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	public static final String USAGE = """
			  experiment --scenario spike|ramp [--vusers 10000] [--rate 50-500] [--duration 30s] [--stock 1000]
			             [--replicas 2] [--strategy lua] [--target gateway|direct] [--timeout 10s] [--retries 3]
			             [--backoff 200ms] [--warmup 30s] [--cold-warmup 150s]
			      A sale as it arrives (open model), alone in its run: after a closed warm-up on a coupon of its own,
			      new users each send one issue request for a fresh coupon of --stock; spike sends --vusers users at
			      once, ramp sends users at a rate growing from the first to the second --rate (users/s) over
			      --duration. A user retries a 502, 503, 504 or a timeout after --backoff, doubling (plus half of it at
			      random), at most --retries times. Reports the time to sell out, every user's last answer, latency
			      percentiles, first-come-first-served fairness (window and inversions) and the invariant check.""";

	public SaleOptions {
		if (users < 1 || users > 100_000) {
			throw new IllegalArgumentException("--vusers must be between 1 and 100000, got " + users);
		}
		if (rateFrom < 1 || rateTo < 1 || rateFrom > 100_000 || rateTo > 100_000) {
			throw new IllegalArgumentException("--rate values must be between 1 and 100000 users/s, got " + rateFrom
					+ "-" + rateTo);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("--duration must be positive");
		}
		if (stock < 1 || stock > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("--stock must be between 1 and " + Integer.MAX_VALUE + ", got " + stock);
		}
		if (replicas < 1 || replicas > 20) {
			throw new IllegalArgumentException("--replicas must be one count between 1 and 20, got " + replicas);
		}
		if (!SuiteOptions.STRATEGIES.contains(strategy)) {
			throw new IllegalArgumentException(
					"--strategy must be one of " + String.join(", ", SuiteOptions.STRATEGIES) + ", got " + strategy);
		}
		if (target == Target.TRUSTED_GATEWAY) {
			throw new IllegalArgumentException("--target of a sale must be gateway or direct: a sale is the real path");
		}
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("--timeout must be positive");
		}
		if (retries < 0 || retries > MAX_RETRIES) {
			throw new IllegalArgumentException("--retries must be between 0 and " + MAX_RETRIES + ", got " + retries);
		}
		if (backoff.isNegative() || backoff.isZero()) {
			throw new IllegalArgumentException("--backoff must be positive");
		}
		if (warmup.isNegative() || coldWarmup.isNegative()) {
			throw new IllegalArgumentException("--warmup and --cold-warmup must not be negative");
		}
	}

	/** The origin's S3: 10,000 users at once on a stock of 1,000, through the gateway. */
	public static SaleOptions defaults(Shape shape) {
		return new SaleOptions(shape, 10_000, 50, 500, Duration.ofSeconds(30), 1_000, 2, "lua", Target.GATEWAY,
				Duration.ofSeconds(10), 3, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(150));
	}

	/**
	 * Whether the arguments ask for a sale: {@code --scenario spike} or {@code ramp}.
	 * @throws IllegalArgumentException when a sale is named with other scenarios
	 */
	public static boolean requested(List<String> args) {
		for (CommandFlags.Flag flag : CommandFlags.parse(args)) {
			if (flag.name().equals("--scenario") || flag.name().equals("--scenarios")) {
				List<String> names = List.of(flag.value().split(","));
				boolean sale = names.stream().anyMatch((name) -> name.trim().equals("spike") || name.trim().equals("ramp"));
				if (sale && names.size() > 1) {
					throw new IllegalArgumentException(
							"--scenario spike and ramp run alone (one sale per run), got " + flag.value());
				}
				return sale;
			}
		}
		return false;
	}

	/** Parses the options of a sale; {@link #requested} said it is one. */
	public static SaleOptions parse(List<String> args) {
		List<CommandFlags.Flag> flags = CommandFlags.parse(args);
		Shape shape = flags.stream()
			.filter((flag) -> flag.name().startsWith("--scenario"))
			.map((flag) -> flag.value().trim().equals("ramp") ? Shape.RAMP : Shape.SPIKE)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("A sale needs --scenario spike or --scenario ramp"));
		SaleOptions o = defaults(shape);
		for (CommandFlags.Flag flag : flags) {
			String name = flag.name();
			String value = flag.value().trim();
			if (name.equals("--vusers") && shape == Shape.RAMP) {
				throw new IllegalArgumentException("--vusers is the spike's; a ramp's users follow from --rate and "
						+ "--duration");
			}
			if ((name.equals("--rate") || name.equals("--duration")) && shape == Shape.SPIKE) {
				throw new IllegalArgumentException(name + " is the ramp's; a spike sends --vusers users at once");
			}
			if (name.equals("--replicas") && value.contains(",")) {
				throw new IllegalArgumentException("--replicas of a sale is one count (one sale, one suite), got "
						+ value);
			}
			o = switch (name) {
				case "--scenario", "--scenarios" -> o;
				case "--vusers" -> new SaleOptions(o.shape, (int) number(name, value, 100_000), o.rateFrom, o.rateTo,
						o.duration, o.stock, o.replicas, o.strategy, o.target, o.requestTimeout, o.retries, o.backoff,
						o.warmup, o.coldWarmup);
				case "--rate" -> rate(o, value);
				case "--duration" -> o.withDuration(ExperimentOptions.duration(name, value));
				case "--stock" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration,
						number(name, value, Integer.MAX_VALUE), o.replicas, o.strategy, o.target, o.requestTimeout,
						o.retries, o.backoff, o.warmup, o.coldWarmup);
				case "--replicas" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration, o.stock,
						(int) number(name, value, 20), o.strategy, o.target, o.requestTimeout, o.retries, o.backoff,
						o.warmup, o.coldWarmup);
				case "--strategy" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration, o.stock,
						o.replicas, value, o.target, o.requestTimeout, o.retries, o.backoff, o.warmup, o.coldWarmup);
				case "--target" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration, o.stock,
						o.replicas, o.strategy, Target.parse(value), o.requestTimeout, o.retries, o.backoff, o.warmup,
						o.coldWarmup);
				case "--timeout" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration, o.stock,
						o.replicas, o.strategy, o.target, ExperimentOptions.duration(name, value), o.retries,
						o.backoff, o.warmup, o.coldWarmup);
				case "--retries" -> o.withRetries((int) count(name, value));
				case "--backoff" -> new SaleOptions(o.shape, o.users, o.rateFrom, o.rateTo, o.duration, o.stock,
						o.replicas, o.strategy, o.target, o.requestTimeout, o.retries,
						ExperimentOptions.duration(name, value), o.warmup, o.coldWarmup);
				case "--warmup" -> o.withWarmup(ExperimentOptions.duration(name, value), o.coldWarmup);
				case "--cold-warmup" -> o.withWarmup(o.warmup, ExperimentOptions.duration(name, value));
				default -> throw new IllegalArgumentException("Unknown option for a sale (--scenario "
						+ shape.label() + "): " + flag.arg());
			};
		}
		return o;
	}

	public SaleOptions withUsers(int users) {
		return new SaleOptions(this.shape, users, this.rateFrom, this.rateTo, this.duration, this.stock,
				this.replicas, this.strategy, this.target, this.requestTimeout, this.retries, this.backoff,
				this.warmup, this.coldWarmup);
	}

	public SaleOptions withStock(long stock) {
		return new SaleOptions(this.shape, this.users, this.rateFrom, this.rateTo, this.duration, stock,
				this.replicas, this.strategy, this.target, this.requestTimeout, this.retries, this.backoff,
				this.warmup, this.coldWarmup);
	}

	public SaleOptions withDuration(Duration duration) {
		return new SaleOptions(this.shape, this.users, this.rateFrom, this.rateTo, duration, this.stock,
				this.replicas, this.strategy, this.target, this.requestTimeout, this.retries, this.backoff,
				this.warmup, this.coldWarmup);
	}

	public SaleOptions withRetries(int retries) {
		return new SaleOptions(this.shape, this.users, this.rateFrom, this.rateTo, this.duration, this.stock,
				this.replicas, this.strategy, this.target, this.requestTimeout, retries, this.backoff, this.warmup,
				this.coldWarmup);
	}

	public SaleOptions withWarmup(Duration warmup, Duration coldWarmup) {
		return new SaleOptions(this.shape, this.users, this.rateFrom, this.rateTo, this.duration, this.stock,
				this.replicas, this.strategy, this.target, this.requestTimeout, this.retries, this.backoff, warmup,
				coldWarmup);
	}

	/** The users the sale sends: the spike's, or the ramp's rate integrated over its duration. */
	public long totalUsers() {
		if (this.shape == Shape.SPIKE) {
			return this.users;
		}
		return Math.round((this.rateFrom + this.rateTo) / 2.0 * this.duration.toNanos() / 1e9);
	}

	/**
	 * The longest a user can take: its arrival, then every attempt timing out after the longest backoffs. The load
	 * ends sooner when the users do.
	 */
	Duration horizon() {
		Duration arrivals = (this.shape == Shape.SPIKE) ? Duration.ZERO : this.duration;
		Duration attempts = this.requestTimeout.multipliedBy(this.retries + 1L);
		Duration backoffs = this.backoff.multipliedBy(((1L << this.retries) - 1) * 3 / 2 + 1);
		return arrivals.plus(attempts).plus(backoffs).plusSeconds(5);
	}

	/** {@code spike 10000 users stock 1000} or {@code ramp 50-500/s 30s stock 1000}, with the replicas. */
	public String label() {
		String arrivals = (this.shape == Shape.SPIKE) ? this.users + " users at once"
				: this.rateFrom + "-" + this.rateTo + " users/s over " + this.duration.toSeconds() + "s";
		return this.shape.label() + " " + arrivals + ", stock " + this.stock + ", " + this.strategy + " "
				+ this.target.label() + " " + this.replicas + " replicas";
	}

	private static SaleOptions rate(SaleOptions o, String value) {
		String[] parts = value.split("-");
		if (parts.length != 2) {
			throw new IllegalArgumentException("--rate must be two arrival rates in users/s, from-to (50-500), got "
					+ value);
		}
		return new SaleOptions(o.shape, o.users, (int) number("--rate", parts[0].trim(), 100_000),
				(int) number("--rate", parts[1].trim(), 100_000), o.duration, o.stock, o.replicas, o.strategy,
				o.target, o.requestTimeout, o.retries, o.backoff, o.warmup, o.coldWarmup);
	}

	private static long number(String name, String value, long max) {
		long number = count(name, value);
		if (number < 1 || number > max) {
			throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + value);
		}
		return number;
	}

	private static long count(String name, String value) {
		try {
			return Long.parseLong(value.replace("_", ""));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a whole number, got " + value);
		}
	}

}
