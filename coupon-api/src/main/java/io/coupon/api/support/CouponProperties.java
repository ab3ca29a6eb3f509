package io.coupon.api.support;

import java.time.Duration;

import jakarta.validation.Valid;
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
 */
@Validated
@ConfigurationProperties("coupon")
public record CouponProperties(@NotBlank String instanceId, @NotBlank String redisUrl, @Valid @NotNull Issue issue,
		@Valid @NotNull Topic topic) {

	/**
	 * @param strategy which {@code IssueStrategy} decides dedup and stock
	 * @param publish whether a success waits for the broker's acknowledgement
	 * @param publishTimeout the longest a request waits for that acknowledgement; keep it above the producer's
	 * {@code delivery.timeout.ms} so that Kafka, not this timer, reports a failure
	 * @param lockWait the longest the lock strategies wait for the per-coupon lock
	 * @param retryAfter the {@code Retry-After} a 503 suggests to clients
	 * @param reconcileAfter how old an indeterminate publish must be before the reconciler publishes it again
	 */
	public record Issue(@NotNull @DefaultValue("lua") StrategyName strategy,
			@NotNull @DefaultValue("acks") PublishMode publish, @NotNull @DefaultValue("6s") Duration publishTimeout,
			@NotNull @DefaultValue("3s") Duration lockWait, @NotNull @DefaultValue("1s") Duration retryAfter,
			@NotNull @DefaultValue("10s") Duration reconcileAfter) {
	}

	public record Topic(@NotBlank @DefaultValue("coupon.issued") String name,
			@Min(1) @Max(1000) @DefaultValue("6") int partitions, @Min(1) @Max(5) @DefaultValue("1") short replicas) {
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
