package io.coupon.api.warmup;

import java.time.Instant;

/**
 * One part of a new replica's warm-up: it runs the code of a hot path often enough for the JIT to compile it, and
 * changes no business state. {@link ReplicaWarmUp} runs the steps before the replica reports ready.
 */
public interface WarmUpStep {

	/** Names the step in the log and in the {@code step} tag of {@code coupon.warmup.duration}. */
	String name();

	/**
	 * Runs the step; stops early once {@code deadline} has passed.
	 * @return what it did, for the log (for example "3000 decisions, 2250 events")
	 * @throws WarmUpFailedException when the hot path fails (a broker or Redis down): the step stops at once
	 */
	String run(Instant deadline);

}
