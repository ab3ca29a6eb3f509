package io.coupon.infra;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InfraMainIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void shouldRunRedisInItsOwnProcessAndStopItOnSigterm() throws Exception {
		int port = FreePorts.find();
		String java = ProcessHandle.current().info().command().orElseThrow();
		String classPath = JvmClassPath.join(JvmClassPath.forChildJvm(InfraMain.class));
		Process main = new ProcessBuilder(java, "-cp", classPath, InfraMain.class.getName(), "redis", "--port",
				Integer.toString(port), "--dir", this.dir.toString())
			.redirectError(this.dir.resolve("stderr.log").toFile())
			.start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(main.getInputStream(), StandardCharsets.UTF_8));
			String ready = out.readLine();
			assertThat(ready).isEqualTo("READY redis redis://127.0.0.1:" + port);

			long serverPid = Long.parseLong(Files.readString(this.dir.resolve("server.pid")).trim());
			assertThat(serverPid).isNotEqualTo(main.pid());
			assertThat(main.descendants().map(ProcessHandle::pid).toList()).contains(serverPid);
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().info("server")).contains("process_id:" + serverPid);
			}
			finally {
				client.shutdown();
			}

			main.destroy();
			assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(Processes.isAlive(serverPid)).isFalse();
			assertThat(this.dir.resolve("server.pid")).doesNotExist();
		}
		finally {
			main.destroyForcibly();
		}
	}

	@Test
	void shouldExitWithUsageOnBadArguments() throws Exception {
		String java = ProcessHandle.current().info().command().orElseThrow();
		String classPath = JvmClassPath.join(JvmClassPath.forChildJvm(InfraMain.class));
		Process main = new ProcessBuilder(List.of(java, "-cp", classPath, InfraMain.class.getName(), "postgres"))
			.redirectErrorStream(true)
			.start();
		String output = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(main.exitValue()).isEqualTo(2);
		assertThat(output).contains("unknown server kind: postgres").contains("usage: InfraMain");
	}

}
