package io.coupon.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisServerIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void shouldServeCommandsWithoutPersistenceAndStopOnClose() throws IOException {
		int port = FreePorts.find();
		long pid;
		try (RedisServer redis = RedisServer.start(port, this.dir)) {
			pid = redis.pid();
			assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.name()).isEqualTo("redis");
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> commands = connection.sync();
				assertThat(commands.set("coupon:1:stock", "100")).isEqualTo("OK");
				assertThat(commands.decr("coupon:1:stock")).isEqualTo(99L);
				assertThat(commands.get("coupon:1:stock")).isEqualTo("99");
				assertThat(commands.configGet("save")).containsExactly(Map.entry("save", ""));
				assertThat(commands.configGet("appendonly")).containsExactly(Map.entry("appendonly", "no"));
				// pid() is the server itself, not a wrapper
				assertThat(commands.info("server")).contains("process_id:" + pid);
			}
			finally {
				client.shutdown();
			}
			assertThat(Processes.isAlive(pid)).isTrue();
			assertThat(Files.isExecutable(this.dir.resolve("redis-server-6.2.6"))).isTrue();
			assertThat(this.dir.resolve("redis.log")).content().contains("Ready to accept connections");
		}
		assertThat(Processes.isAlive(pid)).isFalse();
		assertThat(FreePorts.isFree(port)).isTrue();
	}

	@Test
	void shouldRefuseAPortThatIsAlreadyTaken() {
		int port = FreePorts.find();
		try (RedisServer first = RedisServer.start(port, this.dir.resolve("first"))) {
			assertThatIllegalStateException().isThrownBy(() -> RedisServer.start(port, this.dir.resolve("second")))
				.withMessageContaining("port " + port)
				.withMessageContaining("already in use");
			assertThat(Processes.isAlive(first.pid())).isTrue();
		}
	}

}
