package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults {@code ./coupon chaos} injects, each tied to the requirement of docs/invariants.md it proves.
 */
public enum Fault {

	/** R4: the Kafka broker killed with SIGKILL mid-load, restarted after the downtime. */
	KAFKA("kafka", "R4", "kill -9 the Kafka broker, restart it", Duration.ofSeconds(5)),

	/** R3: Redis killed with SIGKILL mid-load and restarted empty; the API rebuilds the coupon's state. */
	REDIS("redis", "R3", "kill -9 Redis, restart it empty", Duration.ofSeconds(3)),

	/** R5: the worker killed with SIGKILL in the middle of its batches, restarted after the downtime. */
	WORKER("worker", "R5", "kill -9 the worker, restart it", Duration.ofSeconds(5)),

	/** R7: the last coupon-api replica killed with SIGKILL at steady load, restarted after the downtime. */
	REPLICA("replica", "R7", "kill -9 one coupon-api replica, restart it later", Duration.ofSeconds(10)),

	/** R6: MariaDB killed under load, restarted after the downtime (two minutes by default). */
	MYSQL("mysql", "R6", "kill -9 MariaDB, restart it after the downtime", Duration.ofMinutes(2)),

	/** R2: a replica frozen with SIGSTOP past its lock lease, with the lock strategy, then thawed. */
	LOCK_PAUSE("lock-pause", "R2", "SIGSTOP a replica past its lock lease (lock strategy), then SIGCONT",
			Duration.ofSeconds(9)),

	/** R11: a table of bad requests, each answered with a 4xx problem detail and changing nothing. */
	BAD_INPUT("bad-input", "R11", "send the table of bad requests, check nothing changed", Duration.ZERO),

	/** Nothing injected: kill or freeze any process by hand during the load; the run heals and checks afterwards. */
	MANUAL("manual", "-", "inject nothing: break things by hand during the load", Duration.ZERO);

	private final String id;

	private final String requirement;

	private final String description;

	private final Duration defaultDowntime;

	Fault(String id, String requirement, String description, Duration defaultDowntime) {
		this.id = id;
		this.requirement = requirement;
		this.description = description;
		this.defaultDowntime = defaultDowntime;
	}

	public String id() {
		return this.id;
	}

	public String requirement() {
		return this.requirement;
	}

	public String description() {
		return this.description;
	}

	/** How long the component stays down (or frozen) unless {@code --downtime} says otherwise. */
	public Duration defaultDowntime() {
		return this.defaultDowntime;
	}

	/** Whether this fault runs under a load (all but the bad-input table). */
	public boolean underLoad() {
		return this != BAD_INPUT;
	}

	public static Fault parse(String value) {
		String id = value.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((fault) -> fault.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown fault '" + value + "'; one of " + ids()));
	}

	static String ids() {
		return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
	}

}
