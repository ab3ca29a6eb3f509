package io.coupon.lab.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.coupon.lab.Pauses;
import io.coupon.lab.RunningSuite;

/**
 * Freezes a replica at a moment it holds the coupon's lock, which is what R2 is about: freezing it at a random
 * moment mostly catches it outside the lock, and then proves nothing.
 * <p>
 * Redisson keeps a lock as a hash whose one field names the holder, and the holder's watchdog renews the key's expiry
 * every third of the lease. So, right after a SIGSTOP: if the same holder still holds the lock while its expiry runs
 * below half the lease, the frozen replica is the holder (a living one would have renewed it); if the holder changes,
 * the lock is free, or the expiry goes up, it is not, and the replica is thawed and frozen again a moment later.
 */
final class LockHolderFreeze {

	static final int MAX_ATTEMPTS = 60;

	private static final Duration POLL = Duration.ofMillis(50);

	private final RunningSuite suite;

	private final String component;

	private final String lockKey;

	private final Duration lease;

	LockHolderFreeze(RunningSuite suite, String component, long couponId, Duration lease) {
		this.suite = suite;
		this.component = component;
		this.lockKey = "{coupon:" + couponId + "}:lock";
		this.lease = lease;
	}

	/**
	 * Leaves the replica frozen while it holds the lock, or, after {@link #MAX_ATTEMPTS} misses, frozen anyway.
	 * @return the attempt that caught the holder, or -1 if none did
	 */
	int freeze() {
		try (RedisProbe redis = new RedisProbe(this.suite.redisUrl())) {
			for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				this.suite.pause(this.component);
				if (holdsTheLock(redis)) {
					return attempt;
				}
				if (attempt == MAX_ATTEMPTS) {
					return -1;
				}
				this.suite.resume(this.component);
				// A random gap, so that the next freeze does not fall in step with the replica's requests.
				Pauses.pause(Duration.ofMillis(50 + ThreadLocalRandom.current().nextInt(250)));
			}
			return -1;
		}
	}

	/** Watches the lock for up to 60% of the lease: long enough to see a renewal, or the lease run below half. */
	private boolean holdsTheLock(RedisProbe redis) {
		String holder = holder(redis);
		if (holder == null) {
			return false;
		}
		long deadline = System.nanoTime() + this.lease.multipliedBy(6).dividedBy(10).toNanos();
		long last = redis.pttl(this.lockKey);
		while (System.nanoTime() < deadline) {
			Pauses.pause(POLL);
			long now = redis.pttl(this.lockKey);
			if (!Objects.equals(holder, holder(redis)) || now > last) {
				return false;
			}
			if (now < this.lease.toMillis() / 2) {
				return true;
			}
			last = now;
		}
		return false;
	}

	private String holder(RedisProbe redis) {
		List<String> fields = redis.hashFields(this.lockKey);
		return fields.isEmpty() ? null : fields.getFirst();
	}

}
