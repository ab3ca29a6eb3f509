package io.coupon.worker.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The worker's knobs, all under {@code coupon.*}.
 *
 * @param topic the topic the worker consumes and the dead-letter topic next to it
 * @param listener how the listener container polls
 * @param retry the back-off between attempts to write a batch while the database fails
 */
@Validated
@ConfigurationProperties("coupon")
public record CouponProperties(@Valid @DefaultValue Topic topic, @Valid @DefaultValue Listener listener,
		@Valid @DefaultValue Retry retry) {

	/**
	 * @param name the topic coupon-api publishes {@code CouponIssued} events to
	 * @param deadLetterSuffix appended to {@code name} to name the dead-letter topic
	 * @param partitions partitions of both topics: the dead-letter topic keeps the partition of the original
	 * record, so it needs as many
	 * @param replicas replication factor of both topics
	 */
	public record Topic(@DefaultValue("coupon.issued") @NotBlank String name,
			@DefaultValue(".DLT") @NotBlank String deadLetterSuffix, @DefaultValue("6") @Min(1) int partitions,
			@DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicas) {

		public String deadLetterName() {
			return this.name + this.deadLetterSuffix;
		}

	}

	/**
	 * @param concurrency consumer threads; more than the topic's partitions would sit idle
	 * @param maxPollRecords the largest batch; capped so that one batch stays one INSERT statement well under
	 * the 65,535 placeholders a prepared statement may carry (3 per row)
	 */
	public record Listener(@DefaultValue("2") @Min(1) int concurrency,
			@DefaultValue("500") @Min(1) @Max(10_000) int maxPollRecords) {

	}

	/**
	 * There is no maximum number of attempts on purpose: a database outage must stall the partition, not drop
	 * or dead-letter valid records.
	 *
	 * @param initialInterval the wait before the first retry
	 * @param multiplier growth of the wait after each failed attempt
	 * @param maxInterval the cap on the wait, so that the worker notices a recovered database soon
	 */
	public record Retry(@DefaultValue("500ms") @NotNull Duration initialInterval,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("10s") @NotNull Duration maxInterval) {

	}

}
