package io.coupon.lab.deploy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpringPlaceholdersTests {

	private static final Map<String, String> PROPERTIES = Map.of("spring.application.name", "coupon-api",
			"server.port", "${SERVER_PORT:8080}");

	@Test
	void shouldTakeTheEnvironmentFirstThenTheDefault() {
		assertThat(SpringPlaceholders.resolve("${DB_URL:jdbc:mysql://mysql:3306/coupon}", PROPERTIES, Map.of()))
			.isEqualTo(new SpringPlaceholders.Resolved("jdbc:mysql://mysql:3306/coupon", Set.of()));
		assertThat(SpringPlaceholders.resolve("${DB_URL:jdbc:mysql://mysql:3306/coupon}", PROPERTIES,
				Map.of("DB_URL", "jdbc:mysql://db:3306/x")).value())
			.isEqualTo("jdbc:mysql://db:3306/x");
	}

	@Test
	void shouldResolveNestedDefaultsAndPropertyReferences() {
		String instanceId = "${INSTANCE_ID:${spring.application.name}:${HOSTNAME}:${server.port}}";

		assertThat(SpringPlaceholders.resolve(instanceId, PROPERTIES, Map.of("HOSTNAME", "c0ffee")).value())
			.isEqualTo("coupon-api:c0ffee:8080");
		assertThat(SpringPlaceholders.resolve(instanceId, PROPERTIES, Map.of("INSTANCE_ID", "fixed")).value())
			.isEqualTo("fixed");
	}

	@Test
	void shouldReportWhatHasNeitherAValueNorADefault() {
		SpringPlaceholders.Resolved resolved = SpringPlaceholders.resolve(
				"http://${EUREKA_USERNAME}:${EUREKA_PASSWORD}@${host.name}:${PORT:8761}/", PROPERTIES,
				Map.of("EUREKA_USERNAME", "eureka"));

		assertThat(resolved.missing()).containsExactly("EUREKA_PASSWORD", "host.name");
		assertThat(resolved.value()).isEqualTo("http://eureka:${EUREKA_PASSWORD}@${host.name}:8761/");
	}

	@Test
	void shouldTakeAnEmptyDefaultAsAValue() {
		assertThat(SpringPlaceholders.resolve("${DB_PASSWORD:}", PROPERTIES, Map.of()))
			.isEqualTo(new SpringPlaceholders.Resolved("", Set.of()));
	}

}
