package io.coupon.api.support;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every domain knob of coupon-api, bound from {@code coupon.*}.
 *
 * @param instanceId identifies this replica in the {@code X-Instance-Id} response header and in Eureka
 * @param redisUrl the Redis that holds the issuance fast path ({@code redis://host:port})
 * @param issue how issuance decides and publishes
 * @param topic the Kafka topic that carries {@code CouponIssued} events
 * @param rebuild how a coupon's Redis state is rebuilt from MySQL after Redis lost it
 * @param warmUp how a new replica exercises its hot path before it reports ready
 */
@Validated
@ConfigurationProperties("coupon")
public record CouponProperties(@NotBlank String instanceId, @NotBlank String redisUrl, @Valid @NotNull Issue issue,
		@Valid @NotNull Topic topic, @Valid @NotNull Rebuild rebuild, @Valid @NotNull @DefaultValue WarmUp warmUp) {

	/**
	 * A shorter quiet period would let a rebuild read Kafka's end offsets while an event of the lost state can still
	 * be delivered after them: that grant would be missing from the rebuilt state, and its slot issued a second time.
	 */
	@AssertTrue(message = "coupon.rebuild.quiet-period must be at least coupon.issue.publish-timeout")
	public boolean isQuietPeriodCoveringPublishes() {
		return this.issue == null || this.rebuild == null || this.issue.publishTimeout() == null
				|| this.rebuild.quietPeriod() == null
				|| this.rebuild.quietPeriod().compareTo(this.issue.publishTimeout()) >= 0;
	}

	/**
	 * @param strategy which {@code IssueStrategy} decides dedup and stock
	 * @param publish whether a success waits for the broker's acknowledgement
	 * @param publishTimeout the longest a request waits for that acknowledgement; keep it above the producer's
	 * {@code delivery.timeout.ms} so that Kafka, not this timer, reports a failure
	 * @param lockWait the longest the lock strategies wait for the per-coupon lock
	 * @param lockLease how long a lock outlives the JVM that holds it: Redisson's watchdog renews it every third of
	 * this while the JVM runs, so only a dead or frozen holder loses it (the lab shortens it to provoke that)
	 * @param retryAfter the {@code Retry-After} a 503 suggests to clients
	 * @param reconcileAfter how old an indeterminate publish must be before the reconciler publishes it again
	 * @param maxInFlight the most issue requests one replica works on at once; past it a request is answered 503 at
	 * once (io.coupon.api.issue.IssueBulkhead)
	 */
	public record Issue(@NotNull @DefaultValue("lua") StrategyName strategy,
			@NotNull @DefaultValue("acks") PublishMode publish, @NotNull @DefaultValue("6s") Duration publishTimeout,
			@NotNull @DefaultValue("3s") Duration lockWait, @NotNull @DefaultValue("30s") Duration lockLease,
			@NotNull @DefaultValue("1s") Duration retryAfter,
			@NotNull @DefaultValue("10s") Duration reconcileAfter, @Min(1) @DefaultValue("1024") int maxInFlight) {
	}

	public record Topic(@NotBlank @DefaultValue("coupon.issued") String name,
			@Min(1) @Max(1000) @DefaultValue("6") int partitions, @Min(1) @Max(5) @DefaultValue("1") short replicas) {
	}

	/**
	 * @param quietPeriod how long a rebuild waits, from its start, before it reads the topic's end offsets: long enough
	 * for every publish of a grant made on the lost state to have ended (at least {@code issue.publish-timeout})
	 * @param workerGroup the consumer group of coupon-worker (its {@code spring.kafka.consumer.group-id}), whose
	 * committed offsets say which events are rows in MySQL
	 * @param lagWaitTimeout the longest a rebuild waits for that group to commit every event published before it;
	 * then the rebuild fails and the next request for the coupon starts another
	 * @param guardTtl the lifetime of the guard that keeps other replicas from rebuilding the same coupon: longer than
	 * a rebuild's waits, short enough that a rebuilder that died does not hold the coupon up for long
	 */
	public record Rebuild(@NotNull @DefaultValue("7s") Duration quietPeriod,
			@NotBlank @DefaultValue("coupon-worker") String workerGroup,
			@NotNull @DefaultValue("60s") Duration lagWaitTimeout, @NotNull @DefaultValue("2m") Duration guardTtl) {

		@AssertTrue(message = "guard-ttl must be longer than quiet-period plus lag-wait-timeout")
		public boolean isGuardOutlivingTheWaits() {
			return this.quietPeriod == null || this.lagWaitTimeout == null || this.guardTtl == null
					|| this.guardTtl.compareTo(this.quietPeriod.plus(this.lagWaitTimeout)) > 0;
		}

	}

	/**
	 * @param enabled whether a new replica warms up before it reports ready (off only to measure what it buys)
	 * @param issues how many decisions the warm-up makes on its scratch coupon, through the configured strategy
	 * @param concurrency how many of those run at once, so that the producer batches and the pools are exercised
	 * @param requests how many requests the warm-up sends to this replica's own HTTP port
	 * @param timeout the longest the warm-up may hold readiness back; then the replica reports ready anyway
	 * @param topic where the warm-up's events go: a topic that coupon-worker does not consume
	 */
	public record WarmUp(@DefaultValue("true") boolean enabled, @Min(0) @DefaultValue("3000") int issues,
			@Min(1) @Max(256) @DefaultValue("16") int concurrency, @Min(0) @DefaultValue("300") int requests,
			@NotNull @DefaultValue("20s") Duration timeout,
			@NotBlank @DefaultValue("coupon.warm-up") String topic) {

		public static WarmUp disabled() {
			return new WarmUp(false, 0, 1, 0, Duration.ZERO, "coupon.warm-up");
		}

	}

	/**
	 * The warm-up's events must never reach the topic that becomes rows: the worker would write them.
	 */
	@AssertTrue(message = "coupon.warm-up.topic must differ from coupon.topic.name")
	public boolean isWarmUpTopicApart() {
		return this.warmUp == null || this.topic == null || !this.warmUp.topic().equals(this.topic.name());
	}

	public enum StrategyName {

		/** One Lua script does the SET dedup and the INCR limit atomically: the default. */
		LUA,
		/** A Redisson unfair lock per coupon around the SET and the INCR. */
		LOCK,
		/** A Redisson fair lock per coupon around the SET and the INCR. */
		FAIR_LOCK,
		/** The origin design's SADD then INCR as two commands: unsafe, kept to measure its violations. */
		SET_INCR

	}

	public enum PublishMode {

		/** Answer success only after the broker acknowledged the event (acks=all, idempotent producer). */
		ACKS,
		/** The origin design: answer before the broker answers; failures are only logged. Comparison only. */
		FIRE_AND_FORGET

	}

}
