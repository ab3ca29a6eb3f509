package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.coupon.lab.CommandFlags;
import io.coupon.lab.SuiteOptions;

/**
 * What {@code ./coupon experiment} measures: every combination of strategy, target, replica count, scenario and vuser
 * count is one cell, run with a fresh coupon of {@code stock} after a warm-up (an issue cell warms up on a coupon of its
 * own; a read cell reads its own coupon, which reading leaves unchanged).
 *
 * @param replicas coupon-api replica counts, run in the order given
 * @param vusers virtual user counts (closed model: each sends its next request when the last one was answered)
 * @param duration how long each cell is measured
 * @param warmup how long each cell loads the suite, unmeasured, before the measurement
 * @param coldWarmup added to the warm-up of a cell whose path has a JVM started since the last cell (the first cell,
 * a new strategy, more replicas) or not yet loaded (the first cell through the gateway after direct ones): the JIT compilers of six JVMs share the cores with the load, and a cold suite runs
 * at a fraction of its steady rate for minutes
 * @param strategies issue strategies; the replicas restart for each
 * @param stock total quantity of each cell's coupon
 * @param users which user ids the virtual users send
 * @param targets through the gateway, through the gateway with its security off ({@code trusted-gateway}: to price
 * token verification and rate limiting), straight to replica 1, or several
 * @param requestTimeout a request not answered within this counts as a timeout
 * @param scenarios what the virtual users do: issue the coupon, read its status, or one cell of each
 */
public record ExperimentOptions(List<Integer> replicas, List<Integer> vusers, Duration duration, Duration warmup,
		Duration coldWarmup, List<String> strategies, long stock, UserMode users, List<Target> targets,
		Duration requestTimeout, List<Scenario> scenarios) {

	/** The user ids read-status reads when {@code --users} names no pool: the nGrinder scripts' default pool. */
	static final long DEFAULT_READ_USERS = 20_000;

	/** read-status issues the coupon to half its users first: more than this would take a cell many minutes. */
	static final long MAX_READ_USERS = 1_000_000;

	public static final String USAGE = """
			  experiment [--replicas 2,3,5] [--vusers 100,1000,2000] [--duration 60s] [--warmup 30s]
			             [--cold-warmup 150s] [--strategy lua[,lock,fair-lock,set-incr]] [--stock 1000000]
			             [--users unique|pool:<size>] [--target gateway[,trusted-gateway,direct]]
			             [--timeout 10s] [--scenario issue[,read-status]]
			      Start the suite, then for every strategy x target x replicas x scenario x vusers cell: scale the
			      replicas, wait until the gateway routes to exactly them, warm up, run a closed-model Gatling load,
			      wait for the worker to drain, and check the invariants. Writes results/<timestamp>/report.md,
			      charts, raw data and Gatling's HTML report. A cell with a new or not yet loaded JVM in its path warms
			      up --cold-warmup longer, with at most 100 vusers; the rest join for the --warmup that follows.
			      trusted-gateway cells restart the gateway with its security off (no token verification, no rate
			      limit) to price it; it is switched back on afterwards. Durations take s or m (90s, 5m).
			      read-status (ngrinder/read-status.groovy): first issue the cell's coupon to the first half of the
			      user ids [1, N] (N = the pool size of --users pool:<N>, else 20000) and wait for the worker, then
			      each iteration reads the coupon's counts and a random user's issue status; the check is that the
			      reads changed nothing and agreed with MySQL.
			  demo
			      A short experiment: 2 then 3 replicas, 100 vusers, 10 s warm-up (+40 s when cold) and 20 s
			      measured each, lua; about 4 minutes once built. Takes experiment's options to change any of these.""";

	public ExperimentOptions {
		replicas = List.copyOf(replicas);
		vusers = List.copyOf(vusers);
		strategies = List.copyOf(strategies);
		targets = List.copyOf(targets);
		scenarios = List.copyOf(scenarios);
		if (replicas.isEmpty() || vusers.isEmpty() || strategies.isEmpty() || targets.isEmpty() || scenarios.isEmpty()) {
			throw new IllegalArgumentException("Every list option needs at least one value");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("--duration must be positive");
		}
		if (warmup.isNegative() || coldWarmup.isNegative()) {
			throw new IllegalArgumentException("--warmup and --cold-warmup must not be negative");
		}
		if (stock < 1 || stock > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("--stock must be between 1 and " + Integer.MAX_VALUE + ", got " + stock);
		}
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("--timeout must be positive");
		}
		if (scenarios.contains(Scenario.READ_STATUS) && users.poolSize() > MAX_READ_USERS) {
			throw new IllegalArgumentException("--users pool:<size> is the range read-status reads and half-issues "
					+ "first: at most " + MAX_READ_USERS + ", got " + users.poolSize());
		}
	}

	/** read-status reads the user ids {@code [1, readUsers()]}: the pool's, as ngrinder/read-status.groovy does. */
	public long readUsers() {
		return this.users.unique() ? DEFAULT_READ_USERS : this.users.poolSize();
	}

	/**
	 * read-status first issues the coupon to the users {@code [1, seededReadUsers()]}, the first half of its range, so
	 * that its reads find holders and non-holders in equal parts (as after the mission's pool run: a stock of 10,000
	 * sold out to a pool of 20,000). A stock below this leaves fewer holders.
	 */
	public long seededReadUsers() {
		return (readUsers() + 1) / 2;
	}

	/** The origin's matrix: 2, 3 and 5 replicas at 100, 1,000 and 2,000 vusers, the Lua strategy. */
	public static ExperimentOptions defaults() {
		return new ExperimentOptions(List.of(2, 3, 5), List.of(100, 1000, 2000), Duration.ofSeconds(60),
				Duration.ofSeconds(30), Duration.ofSeconds(150), List.of("lua"), 1_000_000, UserMode.UNIQUE, List.of(Target.GATEWAY),
				Duration.ofSeconds(10), List.of(Scenario.ISSUE));
	}

	/** Short enough for a first look: two cells, about three minutes with the suite's start. */
	public static ExperimentOptions demo() {
		return new ExperimentOptions(List.of(2, 3), List.of(100), Duration.ofSeconds(20), Duration.ofSeconds(10),
				Duration.ofSeconds(40), List.of("lua"), 1_000_000, UserMode.UNIQUE, List.of(Target.GATEWAY), Duration.ofSeconds(10),
				List.of(Scenario.ISSUE));
	}

	/**
	 * The cells in the order they run: the replicas restart once per strategy and scale up within it; at each replica
	 * count the scenarios run one after the other, so that reads are measured on the same suite as issues.
	 */
	public List<Cell> cells() {
		List<Cell> cells = new ArrayList<>();
		for (String strategy : this.strategies) {
			for (Target target : this.targets) {
				for (int replicaCount : this.replicas) {
					for (Scenario scenario : this.scenarios) {
						for (int vuserCount : this.vusers) {
							cells.add(new Cell(cells.size() + 1, strategy, target, replicaCount, vuserCount, scenario));
						}
					}
				}
			}
		}
		return List.copyOf(cells);
	}

	/** The replica count the suite starts with. */
	public int firstReplicas() {
		return this.replicas.getFirst();
	}

	/** Parses {@code ./coupon experiment} options over {@code defaults}; a flag may be {@code --name value} or {@code --name=value}. */
	public static ExperimentOptions parse(List<String> args, ExperimentOptions defaults) {
		ExperimentOptions options = defaults;
		for (CommandFlags.Flag flag : CommandFlags.parse(args)) {
			String name = flag.name();
			String value = flag.value();
			options = switch (name) {
				case "--replicas" -> options.withReplicas(positives(name, value));
				case "--vusers" -> options.withVusers(positives(name, value));
				case "--duration" -> options.withDuration(duration(name, value));
				case "--warmup" -> options.withWarmup(duration(name, value));
				case "--cold-warmup" -> options.withColdWarmup(duration(name, value));
				case "--strategy", "--strategies" -> options.withStrategies(strategies(value));
				case "--stock" -> options.withStock(number(name, value));
				case "--users" -> options.withUsers(UserMode.parse(value));
				case "--target", "--targets" -> options.withTargets(split(value).stream().map(Target::parse).toList());
				case "--timeout" -> options.withRequestTimeout(duration(name, value));
				case "--scenario", "--scenarios" -> options.withScenarios(split(value).stream().map(Scenario::parse).toList());
				default -> throw new IllegalArgumentException("Unknown option for experiment: " + flag.arg());
			};
		}
		return options;
	}

	public ExperimentOptions withReplicas(List<Integer> replicas) {
		return new ExperimentOptions(replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withVusers(List<Integer> vusers) {
		return new ExperimentOptions(this.replicas, vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withDuration(Duration duration) {
		return new ExperimentOptions(this.replicas, this.vusers, duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withWarmup(Duration warmup) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withColdWarmup(Duration coldWarmup) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withStrategies(List<String> strategies) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, strategies, this.stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withStock(long stock) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, stock, this.users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withUsers(UserMode users) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, users, this.targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withTargets(List<Target> targets) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, targets, this.requestTimeout, this.scenarios);
	}

	public ExperimentOptions withRequestTimeout(Duration requestTimeout) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, requestTimeout, this.scenarios);
	}

	public ExperimentOptions withScenarios(List<Scenario> scenarios) {
		return new ExperimentOptions(this.replicas, this.vusers, this.duration, this.warmup, this.coldWarmup, this.strategies, this.stock, this.users, this.targets, this.requestTimeout, scenarios);
	}

	private static List<String> split(String value) {
		List<String> parts = new ArrayList<>();
		for (String part : value.split(",")) {
			if (!part.isBlank()) {
				parts.add(part.trim());
			}
		}
		return parts;
	}

	private static List<Integer> positives(String name, String value) {
		List<Integer> numbers = new ArrayList<>();
		for (String part : split(value)) {
			long number = number(name, part);
			if (number > 100_000) {
				throw new IllegalArgumentException(name + " values must be at most 100000, got " + part);
			}
			numbers.add((int) number);
		}
		return numbers;
	}

	private static long number(String name, String value) {
		try {
			long number = Long.parseLong(value.replace("_", ""));
			if (number < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, got " + value);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, got " + value);
		}
	}

	public static Duration duration(String name, String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		try {
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			if (text.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			if (text.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(text));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a duration such as 30s or 5m, got " + value);
		}
	}

	private static List<String> strategies(String value) {
		List<String> strategies = split(value);
		for (String strategy : strategies) {
			if (!SuiteOptions.STRATEGIES.contains(strategy)) {
				throw new IllegalArgumentException("--strategy must be among " + String.join(", ", SuiteOptions.STRATEGIES)
						+ ", got " + strategy);
			}
		}
		return strategies;
	}

	/** One measured combination. */
	public record Cell(int index, String strategy, Target target, int replicas, int vusers, Scenario scenario) {

		/** {@code lua gateway 2 replicas 100 vusers}, with {@code read-status} in front for a read cell. */
		public String label() {
			String label = this.strategy + " " + this.target.label() + " " + this.replicas + " replicas " + this.vusers
					+ " vusers";
			return (this.scenario == Scenario.ISSUE) ? label : this.scenario.label() + " " + label;
		}

		/** A name for files: {@code 03-lua-gateway-r3-v100}, or {@code 04-read-status-lua-gateway-r3-v100}. */
		public String slug() {
			String scenarioPart = (this.scenario == Scenario.ISSUE) ? "" : this.scenario.label() + "-";
			return String.format("%02d-%s%s-%s-r%d-v%d", this.index, scenarioPart, this.strategy, this.target.label(),
					this.replicas, this.vusers);
		}

	}

}
