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
	 * Parses {@code name=cpus[,name=cpus...]}.
	 * @throws IllegalArgumentException naming the part that is wrong
	 */
	public static CpuBudgets parse(String value) {
		Map<String, Double> budgets = new LinkedHashMap<>();
		for (String part : value.split(",")) {
			if (part.isBlank()) {
				continue;
			}
			int equals = part.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException(
						"--cpus takes component=cpus pairs such as coupon-api=0.25,gateway=0.6, got " + part.trim());
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
		if (budgets.isEmpty()) {
			throw new IllegalArgumentException("--cpus needs at least one component=cpus pair");
		}
		return new CpuBudgets(budgets);
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
