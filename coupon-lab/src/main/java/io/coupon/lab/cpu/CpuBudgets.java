package io.coupon.lab.cpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CPU budget of each component, in CPUs ({@code 0.25} is a quarter of one core), as {@code --cpus} gives them:
 * {@code coupon-api=0.25,gateway=0.6,redis=0.1,kafka=0.3}. A budget for {@code coupon-api} holds for each replica on
 * its own; {@code coupon-api-2=...} overrides it for one replica. A component without a budget runs unbudgeted.
 *
 * @param byComponent component (or {@code coupon-api}, for every replica) to CPUs, in the order given
 */
public record CpuBudgets(Map<String, Double> byComponent) {

	/** The components a budget can name; {@code coupon-api-N} names one replica. */
	public static final List<String> COMPONENTS = List.of("redis", "mariadb", "kafka", "discovery-server", "coupon-api",
			"coupon-worker", "gateway");

	/** The kernel's smallest quota is 1 ms per 100 ms period. */
	static final double MIN_CPUS = 0.01;

	static final double MAX_CPUS = 1024;

	private static final Pattern REPLICA = Pattern.compile("coupon-api-[1-9][0-9]*");

	/**
	 * {@code --cpus replica-bound}: budgets for a 2-core machine under which the coupon-api replicas, and nothing
	 * else, saturate, up to 5 replicas. Measured under these budgets (docs/experiments.md, *The origin's matrix under
	 * budgets*): a warm replica spends 0.27-0.38 ms of CPU per issue, the gateway 0.27-0.37 ms per secured request.
	 * 5 replicas at 0.1 CPU then carry about 1,300-1,850 issues/s, for which the gateway needs 0.35-0.7 CPU of its
	 * 0.8. Kafka, Redis, MariaDB and the worker spend 0.05-0.12 ms per issue each: they were throttled in at most 2% of
	 * their periods once warm, and they are budgeted so that a busy one cannot take the replicas' CPU. 0.05 per replica
	 * was tried first: a JVM's own background work (timers, heartbeats, the producer's sender) then took a fifth of it,
	 * and the CPU per issue rose with the number of replicas (docs/experiments.md).
	 */
	public static final CpuBudgets REPLICA_BOUND = new CpuBudgets(orderedMap("coupon-api", 0.1, "gateway", 0.8,
			"kafka", 0.3, "coupon-worker", 0.2, "redis", 0.15, "mariadb", 0.15, "discovery-server", 0.1));

	/** Named budget sets, for {@code --cpus <name>[,component=cpus...]}. */
	public static final Map<String, CpuBudgets> PRESETS = Map.of("replica-bound", REPLICA_BOUND);

	public CpuBudgets {
		byComponent = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byComponent));
	}

	public static CpuBudgets none() {
		return new CpuBudgets(Map.of());
	}

	public boolean isEmpty() {
		return this.byComponent.isEmpty();
	}

	/**
	 * Parses {@code name=cpus[,name=cpus...]}, or a preset's name ({@link #PRESETS}) first, whose budgets the pairs
	 * after it override: {@code replica-bound,gateway=1}.
	 * @throws IllegalArgumentException naming the part that is wrong
	 */
	public static CpuBudgets parse(String value) {
		Map<String, Double> budgets = new LinkedHashMap<>();
		Map<String, Double> preset = Map.of();
		boolean first = true;
		for (String part : value.split(",")) {
			if (part.isBlank()) {
				continue;
			}
			int equals = part.indexOf('=');
			String name = part.trim().toLowerCase(Locale.ROOT);
			if (equals < 0 && first && PRESETS.containsKey(name)) {
				preset = PRESETS.get(name).byComponent();
				first = false;
				continue;
			}
			first = false;
			if (equals < 1) {
				throw new IllegalArgumentException("--cpus takes component=cpus pairs such as "
						+ "coupon-api=0.25,gateway=0.6, or a preset first (" + String.join(", ", PRESETS.keySet())
						+ "), got " + part.trim());
			}
			String component = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
			if (!COMPONENTS.contains(component) && !REPLICA.matcher(component).matches()) {
				throw new IllegalArgumentException("--cpus: unknown component " + component + "; one of "
						+ String.join(", ", COMPONENTS) + " or coupon-api-N");
			}
			String number = part.substring(equals + 1).trim();
			double cpus;
			try {
				cpus = Double.parseDouble(number);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--cpus: " + component + " needs a number of CPUs, got " + number);
			}
			if (!(cpus >= MIN_CPUS && cpus <= MAX_CPUS)) {
				throw new IllegalArgumentException("--cpus: " + component + " must be between " + MIN_CPUS + " and "
						+ (int) MAX_CPUS + " CPUs, got " + number);
			}
			if (budgets.put(component, cpus) != null) {
				throw new IllegalArgumentException("--cpus: " + component + " is given twice");
			}
		}
		if (budgets.isEmpty() && preset.isEmpty()) {
			throw new IllegalArgumentException("--cpus needs at least one component=cpus pair");
		}
		Map<String, Double> merged = new LinkedHashMap<>(preset);
		merged.putAll(budgets);
		return new CpuBudgets(merged);
	}

	private static Map<String, Double> orderedMap(Object... pairs) {
		Map<String, Double> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], (Double) pairs[i + 1]);
		}
		return map;
	}

	/**
	 * The budget of one running component: its own, else (for a replica {@code coupon-api-N}) the replicas' budget.
	 */
	public Optional<Double> forComponent(String name) {
		Double own = this.byComponent.get(name);
		if (own != null) {
			return Optional.of(own);
		}
		if (REPLICA.matcher(name).matches()) {
			return Optional.ofNullable(this.byComponent.get("coupon-api"));
		}
		return Optional.empty();
	}

	/**
	 * How long a component may take to start under these budgets: a JVM held to a quarter of a core starts about
	 * four times slower, so {@code base} is stretched by the smallest budget below one CPU (at most to 20 minutes).
	 */
	public java.time.Duration startupTimeout(java.time.Duration base) {
		double smallest = this.byComponent.values().stream().mapToDouble(Double::doubleValue).min().orElse(1);
		if (smallest >= 1) {
			return base;
		}
		java.time.Duration stretched = java.time.Duration.ofMillis(Math.round(base.toMillis() / smallest));
		java.time.Duration cap = java.time.Duration.ofMinutes(20);
		return (stretched.compareTo(cap) > 0) ? (base.compareTo(cap) > 0 ? base : cap) : stretched;
	}

	/** {@code coupon-api=0.25,gateway=0.6}: what {@link #parse(String)} reads back. */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		this.byComponent.forEach((component, cpus) -> text.append(text.isEmpty() ? "" : ",")
			.append(component)
			.append('=')
			.append(format(cpus)));
		return text.toString();
	}

	public static String format(double cpus) {
		return java.math.BigDecimal.valueOf(cpus).stripTrailingZeros().toPlainString();
	}

}
