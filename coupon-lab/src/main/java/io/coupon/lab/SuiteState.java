package io.coupon.lab;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code run/state.json} holds about a running suite: enough for {@code status} and
 * {@code down} in another JVM. The database password is deliberately not recorded.
 *
 * @param startedAt when the suite was started
 * @param projectDir the repository root whose jars run
 * @param strategy the coupon-api issue strategy
 * @param publish the coupon-api publish mode
 * @param gatewayUrl the gateway's base URL (null when only the infrastructure runs)
 * @param redisUrl the Redis URL
 * @param jdbcUrl the database URL
 * @param kafkaBootstrapServers the Kafka bootstrap address
 * @param components component name to state, in start order
 */
public record SuiteState(Instant startedAt, String projectDir, String strategy, String publish, String gatewayUrl,
		String redisUrl, String jdbcUrl, String kafkaBootstrapServers, Map<String, ComponentState> components) {

	public SuiteState {
		components = (components != null) ? new LinkedHashMap<>(components) : new LinkedHashMap<>();
	}

	SuiteState with(ComponentState component) {
		Map<String, ComponentState> updated = new LinkedHashMap<>(this.components);
		updated.put(component.name(), component);
		return new SuiteState(this.startedAt, this.projectDir, this.strategy, this.publish, this.gatewayUrl,
				this.redisUrl, this.jdbcUrl, this.kafkaBootstrapServers, updated);
	}

	SuiteState without(List<String> names) {
		Map<String, ComponentState> updated = new LinkedHashMap<>(this.components);
		names.forEach(updated::remove);
		return new SuiteState(this.startedAt, this.projectDir, this.strategy, this.publish, this.gatewayUrl,
				this.redisUrl, this.jdbcUrl, this.kafkaBootstrapServers, updated);
	}

	SuiteState withStrategy(String strategy) {
		return new SuiteState(this.startedAt, this.projectDir, strategy, this.publish, this.gatewayUrl, this.redisUrl,
				this.jdbcUrl, this.kafkaBootstrapServers, this.components);
	}

}
