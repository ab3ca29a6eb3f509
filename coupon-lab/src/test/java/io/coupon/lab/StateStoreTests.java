package io.coupon.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StateStoreTests {

	@TempDir
	Path stateDir;

	@Test
	void shouldRoundTripTheStateThroughJson() {
		StateStore store = new StateStore(this.stateDir);
		SuiteState state = sampleState();

		store.write(state);

		assertThat(store.stateFile()).isEqualTo(this.stateDir.resolve("run/state.json"));
		assertThat(store.read()).contains(state);
		assertThat(store.read().orElseThrow().components().keySet()).containsExactly("redis", "mariadb",
				"coupon-api-1");
	}

	@Test
	void shouldWriteReadableJsonKeyedByComponent() throws Exception {
		StateStore store = new StateStore(this.stateDir);
		store.write(sampleState());

		String json = Files.readString(store.stateFile());

		assertThat(json).contains("\"components\"", "\"coupon-api-1\" : {", "\"kind\" : \"service\"",
				"\"pid\" : 4242", "\"processStart\" : \"2026-11-22T10:00:00.123Z\"",
				"\"log\" : \"/x/logs/coupon-api-1.log\"");
		assertThat(store.stateDir().resolve("run").toFile().list()).containsExactly("state.json");
	}

	@Test
	void shouldTolerateUnknownFieldsAndReportGarbage() throws Exception {
		StateStore store = new StateStore(this.stateDir);
		Files.createDirectories(store.stateFile().getParent());
		Files.writeString(store.stateFile(), "{\"startedAt\":\"2026-11-22T10:00:00Z\",\"future\":1,\"components\":{}}");
		assertThat(store.read()).hasValueSatisfying((state) -> assertThat(state.components()).isEmpty());

		Files.writeString(store.stateFile(), "{not json");
		assertThatIllegalStateException().isThrownBy(store::read).withMessageContaining("Unreadable state file");
	}

	@Test
	void shouldKeepTheSecretsOwnerOnlyOutOfTheStateAndDeleteThemWithIt() throws Exception {
		StateStore store = new StateStore(this.stateDir);
		LabSecrets secrets = LabSecrets.generate();
		store.write(sampleState());
		store.writeSecrets(secrets);

		assertThat(store.readSecrets()).contains(secrets);
		assertThat(Files.getPosixFilePermissions(store.secretsFile()))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(Files.readString(store.stateFile())).doesNotContain(secrets.jwtSecret(), secrets.eurekaPassword());
		assertThat(secrets.toString()).doesNotContain(secrets.jwtSecret(), secrets.eurekaPassword());

		store.delete();
		assertThat(store.readSecrets()).isEmpty();
	}

	@Test
	void shouldGenerateFreshUrlSafeSecrets() {
		LabSecrets first = LabSecrets.generate();
		LabSecrets second = LabSecrets.generate();
		assertThat(first.jwtSecret()).isNotEqualTo(second.jwtSecret()).hasSize(64).matches("[A-Za-z0-9_-]+");
		assertThat(first.eurekaPassword()).isNotEqualTo(second.eurekaPassword()).matches("[0-9a-f]{48}");
	}

	@Test
	void shouldReadNothingWhenThereIsNoStateAndDeleteIdempotently() {
		StateStore store = new StateStore(this.stateDir);

		assertThat(store.read()).isEmpty();
		store.write(sampleState());
		store.delete();
		store.delete();
		assertThat(store.read()).isEmpty();
	}

	@Test
	void shouldLetOnlyOneLauncherChangeTheStateAtATime() throws Exception {
		StateStore store = new StateStore(this.stateDir);
		try (AutoCloseable lock = store.lock()) {
			assertThatIllegalStateException().isThrownBy(store::lock).withMessageContaining("Another launcher");
		}
		try (AutoCloseable again = store.lock()) {
			assertThat(again).isNotNull();
		}
	}

	private static SuiteState sampleState() {
		Map<String, ComponentState> components = new LinkedHashMap<>();
		Instant start = Instant.parse("2026-11-22T10:00:00.123Z");
		components.put("redis", new ComponentState("redis", ComponentState.INFRA, "redis://127.0.0.1:16379", 16379,
				4240L, 4241L, start, start, null, "/x/logs/redis.log"));
		components.put("mariadb", new ComponentState("mariadb", ComponentState.EXTERNAL,
				"jdbc:mysql://10.0.0.2:3306/coupon", 3306, null, null, null, null, null, null));
		components.put("coupon-api-1", new ComponentState("coupon-api-1", ComponentState.SERVICE,
				"http://127.0.0.1:8101", 8101, 4242L, null, start, null, "http://127.0.0.1:8101/actuator/health",
				"/x/logs/coupon-api-1.log"));
		return new SuiteState(start, "/repo", "lua", "acks", "http://127.0.0.1:8080", "redis://127.0.0.1:16379",
				"jdbc:mysql://10.0.0.2:3306/coupon", "127.0.0.1:19092", components);
	}

}
