package io.coupon.lab.experiment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.coupon.lab.ComponentState;

/**
 * CPU time used by each process of the suite and by the load generator (this JVM), as the operating system counts
 * it (user + system), summed over each process and its descendants.
 */
final class ProcessCpu {

	static final String GENERATOR = "load generator";

	private ProcessCpu() {
	}

	/** CPU time so far of every component that runs as a local process, by kind: replicas add up under coupon-api. */
	static Map<String, Duration> snapshot(List<ComponentState> components) {
		Map<String, Duration> cpu = new LinkedHashMap<>();
		for (ComponentState component : components) {
			if (component.pid() == null) {
				continue;
			}
			String group = component.name().startsWith("coupon-api-") ? "coupon-api" : component.name();
			ProcessHandle.of(component.pid())
				.ifPresent((process) -> cpu.merge(group, total(process), Duration::plus));
		}
		cpu.put(GENERATOR, ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
		return cpu;
	}

	/** {@code after - before} for every group in {@code after} (a group that appeared started from zero). */
	static Map<String, Duration> used(Map<String, Duration> before, Map<String, Duration> after) {
		Map<String, Duration> used = new LinkedHashMap<>();
		after.forEach((group, total) -> {
			Duration spent = total.minus(before.getOrDefault(group, Duration.ZERO));
			used.put(group, spent.isNegative() ? Duration.ZERO : spent);
		});
		return used;
	}

	private static Duration total(ProcessHandle process) {
		Duration total = cpu(process).orElse(Duration.ZERO);
		for (ProcessHandle child : process.descendants().toList()) {
			total = total.plus(cpu(child).orElse(Duration.ZERO));
		}
		return total;
	}

	private static Optional<Duration> cpu(ProcessHandle process) {
		return process.info().totalCpuDuration();
	}

}
