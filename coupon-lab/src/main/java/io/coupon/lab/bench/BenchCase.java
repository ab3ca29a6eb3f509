package io.coupon.lab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One measured path of a benchmark run.
 *
 * @param path what stands between the load and the stand-in
 * @param jar for a gateway case of a run with a baseline jar, which jar: {@link #CANDIDATE} (the project's) or
 * {@link #BASELINE}; for a run with variants, {@link #DEFAULT} or the variant's name; null otherwise (the project's
 * jar, when it is a gateway case)
 * @param environment what this case's gateway gets on top of the bench's own environment
 */
record BenchCase(Path path, String jar, Map<String, String> environment) {

	/** How many variants run between two measurements of the default gateway. */
	static final int VARIANTS_BETWEEN_DEFAULTS = 3;

	static final String DEFAULT = "default";

	static final String CANDIDATE = "candidate";

	static final String BASELINE = "baseline";

	/** What the load goes through. */
	enum Path {

		/** The gateway with token verification and the per-user rate limit (jwt mode). */
		SECURED("gateway", "gateway secured"),
		/** The gateway restarted in trusted-header mode, rate limit off: the origin's gateway. */
		TRUSTED("gateway", "gateway trusted"),
		/** Nothing: straight to the stand-in. */
		DIRECT("stand-in", "direct"),
		/** One nginx proxy hop (1 worker). */
		NGINX("nginx", "nginx hop");

		private final String process;

		private final String label;

		Path(String process, String label) {
			this.process = process;
			this.label = label;
		}

		/** The process whose CPU this case prices: the proxy, or the stand-in when there is none. */
		String process() {
			return this.process;
		}

		String label() {
			return this.label;
		}

		boolean viaGateway() {
			return this == SECURED || this == TRUSTED;
		}

	}

	BenchCase {
		environment = Map.copyOf(environment);
	}

	BenchCase(Path path, String jar) {
		this(path, jar, Map.of());
	}

	String label() {
		return (this.jar == null) ? this.path.label() : this.path.label() + " (" + this.jar + ")";
	}

	boolean baseline() {
		return BASELINE.equals(this.jar);
	}

	/**
	 * The cases of one run, in the order they run: direct and nginx first (no gateway runs then), then each gateway
	 * mode, the baseline and the candidate alternating so that both see the machine in the same state.
	 */
	static List<BenchCase> plan(boolean nginx, boolean baseline) {
		List<BenchCase> cases = new ArrayList<>();
		cases.add(new BenchCase(Path.DIRECT, null));
		if (nginx) {
			cases.add(new BenchCase(Path.NGINX, null));
		}
		for (Path mode : List.of(Path.SECURED, Path.TRUSTED)) {
			if (baseline) {
				cases.add(new BenchCase(mode, BASELINE));
				cases.add(new BenchCase(mode, CANDIDATE));
			}
			else {
				cases.add(new BenchCase(mode, null));
			}
		}
		return cases;
	}

	/**
	 * The cases of a run with variants, secured only: direct and nginx first, then per round the default gateway,
	 * the variants with the default again after every {@link #VARIANTS_BETWEEN_DEFAULTS} of them and at the end, so
	 * that each variant has a default measured close to it in time; every other round takes the variants in reverse.
	 */
	static List<BenchCase> plan(boolean nginx, List<BenchVariant> variants, int rounds) {
		List<BenchCase> cases = new ArrayList<>();
		cases.add(new BenchCase(Path.DIRECT, null));
		if (nginx) {
			cases.add(new BenchCase(Path.NGINX, null));
		}
		for (int round = 0; round < rounds; round++) {
			List<BenchVariant> order = (round % 2 == 0) ? variants : variants.reversed();
			cases.add(new BenchCase(Path.SECURED, DEFAULT));
			for (int i = 0; i < order.size(); i++) {
				BenchVariant variant = order.get(i);
				cases.add(new BenchCase(Path.SECURED, variant.name(), variant.environment()));
				if ((i + 1) % VARIANTS_BETWEEN_DEFAULTS == 0 || i == order.size() - 1) {
					cases.add(new BenchCase(Path.SECURED, DEFAULT));
				}
			}
		}
		return cases;
	}

}
