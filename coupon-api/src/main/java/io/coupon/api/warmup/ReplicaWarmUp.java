package io.coupon.api.warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.coupon.api.support.CouponProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Warms a new replica up before it takes traffic. Spring Boot runs application runners before it declares the
 * application ready, so while this runs the readiness probe answers 503 and Eureka still shows the instance as
 * STARTING ({@link EurekaStatusFollowsReadiness}): the gateway sends it nothing.
 * <p>
 * Bounded by {@code coupon.warm-up.timeout}: past it, the replica becomes ready anyway, because a cold replica serves
 * and a replica that never becomes ready does not. A step that fails (a broker down at start) is logged and skipped
 * for the same reason.
 */
@Component
class ReplicaWarmUp implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ReplicaWarmUp.class);

	private final List<WarmUpStep> steps;

	private final CouponProperties.WarmUp settings;

	private final MeterRegistry registry;

	private final AtomicInteger finished = new AtomicInteger();

	ReplicaWarmUp(ObjectProvider<WarmUpStep> steps, CouponProperties properties, MeterRegistry registry) {
		this.steps = steps.orderedStream().toList();
		this.settings = properties.warmUp();
		this.registry = registry;
		Gauge.builder("coupon.warmup.finished", this.finished, AtomicInteger::get)
			.description("1 once this replica's warm-up has ended (or was switched off), 0 while it runs")
			.register(registry);
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.settings.enabled()) {
			log.info("Warm-up switched off (coupon.warm-up.enabled=false): ready cold");
			this.finished.set(1);
			return;
		}
		long start = System.nanoTime();
		Instant deadline = Instant.now().plus(this.settings.timeout());
		log.info("Warm-up: {} before taking traffic, for at most {}s",
				this.steps.stream().map(WarmUpStep::name).toList(), this.settings.timeout().toSeconds());
		// Its own thread, so that a step stuck in a call that ignores the deadline cannot hold readiness back.
		CompletableFuture<String> all = CompletableFuture.supplyAsync(() -> runSteps(deadline),
				(task) -> Thread.ofPlatform().name("warm-up").daemon().start(task));
		String outcome;
		try {
			outcome = all.get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			outcome = "timed_out";
			log.warn("Warm-up did not end within {}s: ready now, partly cold; its steps stop at their next operation",
					this.settings.timeout().toSeconds());
		}
		catch (ExecutionException ex) {
			outcome = "failed";
			log.warn("Warm-up failed: ready cold", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = "interrupted";
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		record("all", outcome, took);
		this.finished.set(1);
		log.info("Warm-up ended ({}) after {} ms: ready", outcome, took.toMillis());
	}

	/** Runs every step in order; a failed step is logged and the next one still runs. */
	private String runSteps(Instant deadline) {
		String outcome = "completed";
		for (WarmUpStep step : this.steps) {
			long start = System.nanoTime();
			String stepOutcome;
			try {
				String did = step.run(deadline);
				stepOutcome = Instant.now().isAfter(deadline) ? "timed_out" : "completed";
				log.info("Warm-up step {} {} in {} ms: {}", step.name(), stepOutcome.replace('_', ' '),
						(System.nanoTime() - start) / 1_000_000, did);
			}
			catch (RuntimeException ex) {
				stepOutcome = "failed";
				log.warn("Warm-up step {} failed after {} ms, skipped: {}", step.name(),
						(System.nanoTime() - start) / 1_000_000, ex.toString());
			}
			record(step.name(), stepOutcome, Duration.ofNanos(System.nanoTime() - start));
			if (!stepOutcome.equals("completed")) {
				outcome = stepOutcome;
			}
		}
		return outcome;
	}

	private void record(String step, String outcome, Duration took) {
		Timer.builder("coupon.warmup.duration")
			.description("How long this replica's warm-up (step=all) and each of its steps took, by outcome")
			.tag("step", step)
			.tag("outcome", outcome)
			.register(this.registry)
			.record(took);
	}

}
