package io.coupon.lab.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much of each component a target throughput needs, from the CPU each answer cost in a measured run: the CPUs a
 * component spends at the target, divided by the share of them it may use (the utilisation; the rest is headroom
 * for bursts and queues), and, for what scales by instances, divided by the CPUs one instance gets.
 *
 * @param targetTps answered issue requests per second
 * @param utilisation the share of its CPUs a component may use at the target, in (0, 1]
 * @param lines one per component the run measured
 */
public record CapacityPlan(double targetTps, double utilisation, List<Line> lines) {

	/** How far the worker scales out: one consumer per partition of {@code coupon.issued} (coupon-api's default). */
	static final int TOPIC_PARTITIONS = 6;

	public CapacityPlan {
		lines = List.copyOf(lines);
	}

	/**
	 * One component's need.
	 *
	 * @param cpus the CPUs it needs at the target and the utilisation
	 * @param unitCpus the CPUs of one instance
	 * @param instances how many instances that is, for a component that scales by instances; 0 for one that is sized
	 * instead (Kafka, Redis, MariaDB: their line says how)
	 * @param note what the number means for this component, or what stands in its way
	 */
	public record Line(String component, MeasuredCosts.Spread millisPerAnswer, double cpus, double unitCpus,
			int instances, String note) {
	}

	/** @param unitCpus the CPUs of one instance by component; 1 for a component not named */
	public static CapacityPlan of(MeasuredCosts costs, double targetTps, double utilisation,
			Map<String, Double> unitCpus) {
		if (!(targetTps > 0)) {
			throw new IllegalArgumentException("--tps must be positive: " + targetTps);
		}
		if (!(utilisation > 0 && utilisation <= 1)) {
			throw new IllegalArgumentException("--utilisation must be in (0, 1]: " + utilisation);
		}
		List<Line> lines = new ArrayList<>();
		for (String component : MeasuredCosts.COMPONENTS) {
			costs.of(component).ifPresent((spread) -> {
				double cpus = targetTps * spread.median() / 1000 / utilisation;
				double unit = unitCpus.getOrDefault(component, 1.0);
				int instances = (int) Math.ceil(cpus / unit);
				lines.add(switch (component) {
					case "coupon-api" -> new Line(component, spread, cpus, unit, instances, "replicas behind the gateways");
					case "gateway" -> new Line(component, spread, cpus, unit, instances, "gateway instances");
					case "coupon-worker" -> new Line(component, spread, cpus, unit, instances,
							(instances > TOPIC_PARTITIONS) ? "more workers than the topic's " + TOPIC_PARTITIONS
									+ " partitions: raise coupon.topic.partitions to at least " + instances
									: "worker instances (at most one per partition of the topic)");
					case "redis" -> new Line(component, spread, cpus, unit, 0, (cpus > 1)
							? "more than one core: one Redis runs commands on one thread, so this needs a cluster of at"
									+ " least " + (int) Math.ceil(cpus) + " masters with the coupon split across them"
									+ " (issue 19)"
							: "one Redis (its commands run on one thread)");
					case "kafka" -> new Line(component, spread, cpus, unit, 0,
							"broker CPUs in all (times the replication factor for replicated topics)");
					default -> new Line(component, spread, cpus, unit, 0, "database CPUs");
				});
			});
		}
		return new CapacityPlan(targetTps, utilisation, lines);
	}

}
