package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.List;

import io.coupon.lab.CommandFlags;
import io.coupon.lab.experiment.ExperimentOptions;

/**
 * What {@code ./coupon chaos <fault>} does: a paced load through the gateway of {@code rate} new users a second for
 * {@code duration}, the fault injected {@code faultAt} into it and lasting {@code downtime}, then the invariant check.
 *
 * @param fault what to break
 * @param rate requests per second, each for a new user
 * @param duration how long the measured load runs at least; it goes on until 10 s after the fault is healed
 * @param faultAt when the fault hits, from the start of the measured load
 * @param downtime how long the component stays down or frozen
 * @param warmup an unmeasured load on a coupon of its own first: a cold suite is slow for a minute
 * @param stock the measured coupon's quantity; by default half of the requests, so that it sells out under the run
 * @param concurrency at most this many requests in flight
 * @param requestTimeout the client's timeout; above the gateway's 10 s, so that its answer is what is seen
 * @param replicas coupon-api replicas (3 for the replica fault, so that two remain)
 * @param lockLease the lock lease (Redisson's watchdog timeout) the replicas run with
 */
public record ChaosOptions(Fault fault, int rate, Duration duration, Duration faultAt, Duration downtime,
		Duration warmup, long stock, int concurrency, Duration requestTimeout, int replicas, Duration lockLease) {

	public static final String USAGE = """
			  chaos <fault> [--rate 200] [--duration D] [--fault-at 10s] [--downtime T] [--warmup 30s]
			                [--stock N] [--concurrency 64] [--timeout 15s] [--replicas 2|3]
			      Against the suite ./coupon up started, if one runs (it keeps running), or else a suite of its own:
			      send a paced load of new users through the gateway, inject the fault, heal it, wait for the
			      worker, and check the invariants and the fault's claims (docs/reliability.md).
			      Faults: %s.
			      The load goes on until 10 s after the component is back, however long that takes. Writes
			      results/<timestamp>-chaos-<fault>/report.md and timeline.csv; exits 1 if a claim fails.
			      Defaults: downtime per fault (kafka 5s, redis 3s, worker 5s, replica 10s, mysql 2m, lock-pause 9s
			      with a 5 s lease, at 150 requests/s), duration fault-at + downtime + 20s (at least 40s), stock half
			      the requests."""
		.formatted(Fault.ids());

	/** The lease the lock-pause fault outlasts; short so that the run stays short. */
	static final Duration TEST_LOCK_LEASE = Duration.ofSeconds(5);

	public ChaosOptions {
		if (rate < 1 || rate > 20_000) {
			throw new IllegalArgumentException("--rate must be between 1 and 20000, got " + rate);
		}
		if (concurrency < 1 || concurrency > 4_096) {
			throw new IllegalArgumentException("--concurrency must be between 1 and 4096, got " + concurrency);
		}
		if (!duration.isPositive() || !requestTimeout.isPositive()) {
			throw new IllegalArgumentException("--duration and --timeout must be positive");
		}
		if (faultAt.isNegative() || downtime.isNegative() || warmup.isNegative()) {
			throw new IllegalArgumentException("--fault-at, --downtime and --warmup must not be negative");
		}
		if (fault.underLoad() && fault != Fault.MANUAL && faultAt.plus(downtime).compareTo(duration) >= 0) {
			throw new IllegalArgumentException("The load must outlast the fault: --duration " + duration.toSeconds()
					+ "s is not after --fault-at + --downtime (" + faultAt.plus(downtime).toSeconds() + "s)");
		}
		if (stock < 1 || stock > 100_000_000) {
			throw new IllegalArgumentException("--stock must be between 1 and 100000000, got " + stock);
		}
		if (replicas < 1 || (fault == Fault.REPLICA && replicas < 2)) {
			throw new IllegalArgumentException("--replicas must be at least " + (fault == Fault.REPLICA ? 2 : 1));
		}
	}

	/** The defaults for one fault, sized as the usage text says. */
	public static ChaosOptions defaults(Fault fault) {
		Duration faultAt = Duration.ofSeconds(10);
		Duration downtime = fault.defaultDowntime();
		// The lock strategies serialise every request for the coupon: a few hundred a second at best
		// (docs/experiments.md). Busy enough that the lock is mostly held, so that a holder is soon caught frozen.
		int rate = (fault == Fault.LOCK_PAUSE) ? 150 : 200;
		Duration duration = longEnough(faultAt, downtime);
		return new ChaosOptions(fault, rate, duration, faultAt, downtime, Duration.ofSeconds(30),
				halfOfTheRequests(rate, duration), 64, Duration.ofSeconds(15), (fault == Fault.REPLICA) ? 3 : 2,
				TEST_LOCK_LEASE);
	}

	/**
	 * Parses {@code <fault> [--flag value]...}; the duration and the stock follow the other flags unless given.
	 */
	public static ChaosOptions parse(List<String> args) {
		if (args.isEmpty() || args.getFirst().startsWith("--")) {
			throw new IllegalArgumentException("chaos needs a fault: one of " + Fault.ids());
		}
		ChaosOptions defaults = defaults(Fault.parse(args.getFirst()));
		int rate = defaults.rate;
		Duration duration = null;
		Duration faultAt = defaults.faultAt;
		Duration downtime = defaults.downtime;
		Duration warmup = defaults.warmup;
		Long stock = null;
		int concurrency = defaults.concurrency;
		Duration timeout = defaults.requestTimeout;
		int replicas = defaults.replicas;
		for (CommandFlags.Flag flag : CommandFlags.parse(args.subList(1, args.size()))) {
			String name = flag.name();
			String value = flag.value();
			switch (name) {
				case "--rate" -> rate = (int) number(name, value, 20_000);
				case "--duration" -> duration = ExperimentOptions.duration(name, value);
				case "--fault-at" -> faultAt = ExperimentOptions.duration(name, value);
				case "--downtime" -> downtime = ExperimentOptions.duration(name, value);
				case "--warmup" -> warmup = ExperimentOptions.duration(name, value);
				case "--stock" -> stock = number(name, value, 100_000_000);
				case "--concurrency" -> concurrency = (int) number(name, value, 4_096);
				case "--timeout" -> timeout = ExperimentOptions.duration(name, value);
				case "--replicas" -> replicas = (int) number(name, value, 10);
				default -> throw new IllegalArgumentException("Unknown option for chaos: " + flag.arg());
			}
		}
		Duration load = (duration != null) ? duration : longEnough(faultAt, downtime);
		long quantity = (stock != null) ? stock : halfOfTheRequests(rate, load);
		return new ChaosOptions(defaults.fault, rate, load, faultAt, downtime, warmup, quantity, concurrency, timeout,
				replicas, defaults.lockLease);
	}

	/** Long enough to see the fault, the recovery and 20 s of steady state after it. */
	static Duration longEnough(Duration faultAt, Duration downtime) {
		Duration enough = faultAt.plus(downtime).plusSeconds(20);
		return (enough.compareTo(Duration.ofSeconds(40)) < 0) ? Duration.ofSeconds(40) : enough;
	}

	static long halfOfTheRequests(int rate, Duration duration) {
		return Math.max(1, rate * duration.toMillis() / 2_000);
	}


	/**
	 * The same run against replicas whose lock lease is {@code lease}: the freeze outlasts it by 4 s at least, and the
	 * load outlasts the freeze.
	 */
	ChaosOptions forLease(Duration lease) {
		Duration past = lease.plusSeconds(4);
		Duration frozen = (this.downtime.compareTo(past) >= 0) ? this.downtime : past;
		Duration enough = longEnough(this.faultAt, frozen);
		Duration load = (this.duration.compareTo(enough) >= 0) ? this.duration : enough;
		return new ChaosOptions(this.fault, this.rate, load, this.faultAt, frozen, this.warmup, this.stock,
				this.concurrency, this.requestTimeout, this.replicas, lease);
	}

	private static long number(String name, String value, long max) {
		try {
			long number = Long.parseLong(value.replace("_", ""));
			if (number < 1 || number > max) {
				throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + value);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, got " + value);
		}
	}

}
