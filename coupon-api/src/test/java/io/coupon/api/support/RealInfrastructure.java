package io.coupon.api.support;

import io.coupon.infra.TestInfrastructure;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test context at the real Redis, MariaDB and Kafka of this test JVM. */
public final class RealInfrastructure {

	private RealInfrastructure() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("coupon.redis-url", TestInfrastructure::redisUrl);
		registry.add("spring.datasource.url", TestInfrastructure::jdbcUrl);
		registry.add("spring.datasource.username", TestInfrastructure::dbUsername);
		registry.add("spring.datasource.password", TestInfrastructure::dbPassword);
		registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
		registry.add("eureka.client.enabled", () -> "false");
	}

}
