package io.coupon.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
			try (RespClient client = new RespClient(port)) {
				assertThat(client.call("SET", "coupon:1:stock", "100")).isEqualTo("OK");
				assertThat(client.call("DECR", "coupon:1:stock")).isEqualTo(99L);
				assertThat(client.call("GET", "coupon:1:stock")).isEqualTo("99");
				assertThat(client.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
				assertThat(client.call("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
				// pid() is the server itself, not a wrapper
				assertThat((String) client.call("INFO", "server")).contains("process_id:" + pid);
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
