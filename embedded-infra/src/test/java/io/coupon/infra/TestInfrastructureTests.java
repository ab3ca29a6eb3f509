package io.coupon.infra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestInfrastructureTests {

	@AfterEach
	void clearProperties() {
		System.clearProperty(TestInfrastructure.REDIS_URL);
		System.clearProperty(TestInfrastructure.JDBC_URL);
		System.clearProperty(TestInfrastructure.DB_USERNAME);
		System.clearProperty(TestInfrastructure.DB_PASSWORD);
		System.clearProperty(TestInfrastructure.KAFKA_BOOTSTRAP);
	}

	@Test
	void shouldUseExternalServersWithoutStartingAnything() {
		System.setProperty(TestInfrastructure.REDIS_URL, "redis://10.0.0.1:6379");
		System.setProperty(TestInfrastructure.JDBC_URL, "jdbc:mysql://10.0.0.2:3306/coupon");
		System.setProperty(TestInfrastructure.DB_USERNAME, "lab");
		System.setProperty(TestInfrastructure.DB_PASSWORD, "secret");
		System.setProperty(TestInfrastructure.KAFKA_BOOTSTRAP, "10.0.0.3:9092");

		assertThat(TestInfrastructure.redisUrl()).isEqualTo("redis://10.0.0.1:6379");
		assertThat(TestInfrastructure.jdbcUrl()).isEqualTo("jdbc:mysql://10.0.0.2:3306/coupon");
		assertThat(TestInfrastructure.dbUsername()).isEqualTo("lab");
		assertThat(TestInfrastructure.dbPassword()).isEqualTo("secret");
		assertThat(TestInfrastructure.kafkaBootstrapServers()).isEqualTo("10.0.0.3:9092");
	}

	@Test
	void shouldTreatBlankSettingsAsUnsetAndDefaultTheCredentials() {
		System.setProperty(TestInfrastructure.REDIS_URL, "  ");
		System.setProperty(TestInfrastructure.JDBC_URL, "jdbc:mysql://10.0.0.2:3306/coupon");

		assertThat(TestInfrastructure.setting(TestInfrastructure.REDIS_URL)).isNull();
		assertThat(TestInfrastructure.dbUsername()).isEqualTo("root");
		assertThat(TestInfrastructure.dbPassword()).isEmpty();
	}

}
