package io.coupon.lab;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What the lab tells a service it starts: the unsafe comparison modes come with the lab's switch, and only they. */
class ServiceEnvironmentTests {

	@TempDir
	Path stateDir;

	@Test
	void shouldSetNoLabSwitchForTheSafeDefaults() {
		assertThat(environment((options) -> options, "coupon-api")).doesNotContainKey("COUPON_LAB_UNSAFE_MODES")
			.containsEntry("COUPON_ISSUE_STRATEGY", "lua")
			.containsEntry("COUPON_ISSUE_PUBLISH", "acks");
		assertThat(environment((options) -> options.withStrategy("fair-lock"), "coupon-api"))
			.doesNotContainKey("COUPON_LAB_UNSAFE_MODES");
	}

	@Test
	void shouldSetTheLabSwitchWithEveryUnsafeMode() {
		assertThat(environment((options) -> options.withStrategy("set-incr"), "coupon-api"))
			.containsEntry("COUPON_LAB_UNSAFE_MODES", "true");
		assertThat(environment((options) -> options.withPublish("fire-and-forget"), "coupon-api"))
			.containsEntry("COUPON_LAB_UNSAFE_MODES", "true");
		assertThat(environment((options) -> options.withEnv("COUPON_SECURITY_MODE", "trusted-header"), "gateway"))
			.containsEntry("COUPON_LAB_UNSAFE_MODES", "true");
	}

	@Test
	void shouldLeaveAnExplicitSwitchAsGiven() {
		assertThat(environment(
				(options) -> options.withStrategy("set-incr").withEnv("COUPON_LAB_UNSAFE_MODES", "false"),
				"coupon-api"))
			.containsEntry("COUPON_LAB_UNSAFE_MODES", "false");
	}

	@Test
	void shouldGiveTheRegistryItsCredentialsAndNoInfrastructureSoThatItStartsBesideIt() {
		assertThat(environment((options) -> options, "discovery-server")).containsKeys("EUREKA_USERNAME",
				"EUREKA_PASSWORD", "SERVER_PORT")
			.doesNotContainKeys("COUPON_REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS", "DB_URL", "DB_PASSWORD",
					"COUPON_JWT_SECRET")
			.doesNotContainValue(null);
	}

	private Map<String, String> environment(UnaryOperator<SuiteOptions> shape, String module) {
		SuiteOptions options = shape.apply(SuiteOptions.defaults(Path.of("/repo")).withStateDir(this.stateDir));
		RunningSuite suite = new RunningSuite(options, new StateStore(this.stateDir));
		try {
			return suite.serviceEnvironment(module, 8101);
		}
		finally {
			suite.close();
		}
	}

}
