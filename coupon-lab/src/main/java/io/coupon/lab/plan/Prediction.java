package io.coupon.lab.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The throughput a budgeted configuration should reach, from the CPU each answer cost in a measured run: each
 * budgeted component can carry (its budget x its instances) / (its CPU per answer) answers per second, and the
 * configuration carries what its smallest component carries. A component without a budget is taken as not limiting.
 *
 * @param tps the predicted answers per second
 * @param limitedBy the component with the smallest capacity
 * @param capacities every budgeted component's capacity, answers per second
 */
public record Prediction(double tps, String limitedBy, Map<String, Double> capacities) {

	public Prediction {
		capacities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(capacities));
	}

	/**
	 * @param budgets CPUs by component, {@code coupon-api} per replica
	 * @param replicas the coupon-api replicas
	 */
	public static Prediction of(MeasuredCosts costs, Map<String, Double> budgets, int replicas) {
		Map<String, Double> capacities = new LinkedHashMap<>();
		for (String component : MeasuredCosts.COMPONENTS) {
			Double budget = budgets.get(component);
			if (budget == null) {
				continue;
			}
			costs.of(component).ifPresent((spread) -> {
				int instances = component.equals("coupon-api") ? replicas : 1;
				capacities.put(component, instances * budget * 1000 / spread.median());
			});
		}
		if (capacities.isEmpty()) {
			throw new IllegalArgumentException("A prediction needs CPU budgets for the components " + costs.run()
					+ " measured (--cpus)");
		}
		Map.Entry<String, Double> smallest = capacities.entrySet()
			.stream()
			.min(Map.Entry.comparingByValue())
			.orElseThrow();
		return new Prediction(smallest.getValue(), smallest.getKey(), capacities);
	}

}
