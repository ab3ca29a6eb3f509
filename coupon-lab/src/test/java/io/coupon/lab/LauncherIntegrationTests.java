package io.coupon.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.coupon.infra.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The launcher on the infrastructure only (the service jars may not work yet): every port from
 * FreePorts, state in a temporary folder, so that a developer's `./coupon up` is never disturbed.
 */
class LauncherIntegrationTests {

	@TempDir
	Path stateDir;

	private final List<String> progress = new CopyOnWriteArrayList<>();

	@Test
	void shouldStartTheInfrastructureReportItAndLeaveNoProcessBehindOnDown() throws Exception {
		SuiteOptions options = options().withInfrastructureOnly(true);
		RunningSuite suite = Suite.start(options);
		List<ProcessHandle> processes = new ArrayList<>();
		try {
			assertThat(suite.redisUrl()).isEqualTo("redis://127.0.0.1:" + options.redisPort());
			assertThat(suite.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + options.mariaDbPort() + "/coupon");
			assertThat(suite.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + options.kafkaPort());
			assertThat(this.progress).anyMatch((line) -> line.contains("redis") && line.contains("ready after"))
				.anyMatch((line) -> line.contains("kafka") && line.contains("ready after"));

			// Real servers behind the addresses.
			try (Connection connection = DriverManager.getConnection(suite.jdbcUrl(), suite.dbUsername(),
					suite.dbPassword()); Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo("coupon");
			}
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					suite.kafkaBootstrapServers()))) {
				assertThat(admin.describeCluster().nodes().get()).hasSize(1);
			}

			SuiteStatus status = Suite.status(this.stateDir);
			assertThat(status.recorded()).isTrue();
			assertThat(status.allUp()).isTrue();
			assertThat(status.components()).extracting(ComponentStatus::name)
				.containsExactly("redis", "mariadb", "kafka");
			assertThat(status.logsDir()).isEqualTo(this.stateDir.resolve("logs"));

			for (ComponentState component : suite.components()) {
				ProcessHandle process = ProcessHandle.of(component.pid()).orElseThrow();
				processes.add(process);
				process.descendants().forEach(processes::add);
				assertThat(process.descendants().map(ProcessHandle::pid)).contains(component.serverPid());
				assertThat(Path.of(component.log())).content().contains("READY " + component.name());
			}
			assertThat(processes).hasSizeGreaterThanOrEqualTo(6).allMatch(ProcessHandle::isAlive);
			assertThat(this.stateDir.resolve("logs/kafka-server.log")).content().contains("Kafka Server started");

			assertThatIllegalStateException().isThrownBy(() -> Suite.start(options))
				.withMessageContaining("A suite is already running")
				.withMessageContaining("./coupon down");

			// The CLI's path: another JVM would only have the state file.
			int stopped = Suite.down(this.stateDir, this.progress::add);

			assertThat(stopped).isEqualTo(3);
			assertThat(processes).noneMatch(ProcessHandle::isAlive);
			assertThat(processesUsing(this.stateDir)).isEmpty();
			assertThat(this.stateDir.resolve("run/state.json")).doesNotExist();
			assertThat(Suite.status(this.stateDir).recorded()).isFalse();
			assertThat(Suite.down(this.stateDir, this.progress::add)).isZero();
			assertThat(FreePorts.isFree(options.redisPort()) && FreePorts.isFree(options.mariaDbPort())
					&& FreePorts.isFree(options.kafkaPort())).isTrue();
		}
		finally {
			suite.stop();
		}
	}

	@Test
	void shouldStopWhatItStartedWhenAComponentFails() throws Exception {
		Path fakeProject = Files.createDirectories(this.stateDir.resolve("project"));
		for (String module : List.of("discovery-server", "coupon-api", "coupon-worker", "gateway")) {
			Path jar = ProjectLayout.serviceJar(fakeProject, module);
			Files.createDirectories(jar.getParent());
			Files.writeString(jar, "not a jar");
		}
		try (ServerSocket fakeDatabase = listener(); ServerSocket fakeKafka = listener()) {
			SuiteOptions options = options().withProjectDir(fakeProject)
				.withExternalDatabase("jdbc:mysql://127.0.0.1:" + fakeDatabase.getLocalPort() + "/coupon", "lab", "pw")
				.withExternalKafka("127.0.0.1:" + fakeKafka.getLocalPort());

			assertThatExceptionOfType(SuiteStartException.class).isThrownBy(() -> Suite.start(options))
				.satisfies((ex) -> assertThat(ex.component()).isEqualTo("discovery-server"))
				.withMessageContaining("discovery-server exited with code")
				.withMessageContaining("Last 30 lines of " + this.stateDir.resolve("logs/discovery-server.log"))
				.withMessageContaining("Invalid or corrupt jarfile");
		}
		// Redis was started (and InfraMain deleted its server.pid on the way out); nothing started
		// on this test's folder may still run.
		assertThat(this.stateDir.resolve("data/redis/redis-server-6.2.6")).exists();
		assertThat(processesUsing(this.stateDir)).isEmpty();
		assertThat(this.stateDir.resolve("run/state.json")).doesNotExist();
		assertThat(this.progress).anyMatch((line) -> line.contains("mariadb") && line.contains("external"))
			.anyMatch((line) -> line.startsWith("Start failed"));
	}

	@Test
	void shouldRefuseAnUnreachableExternalServerBeforeStartingAnything() {
		SuiteOptions options = options().withInfrastructureOnly(true)
			.withExternalKafka("127.0.0.1:" + io.coupon.infra.FreePorts.find());

		assertThatExceptionOfType(SuiteStartException.class).isThrownBy(() -> Suite.start(options))
			.withMessageContaining("The external kafka at 127.0.0.1:")
			.withMessageContaining("is not reachable");
		assertThat(this.stateDir.resolve("logs")).doesNotExist();
	}

	@Test
	void shouldStopEverythingOnStop() throws SQLException, IOException {
		try (ServerSocket fakeKafka = listener()) {
			RunningSuite suite = Suite.start(options().withInfrastructureOnly(true)
				.withExternalKafka("127.0.0.1:" + fakeKafka.getLocalPort()));
			List<ProcessHandle> processes = new ArrayList<>();
			for (ComponentState component : suite.components()) {
				if (component.pid() != null) {
					ProcessHandle process = ProcessHandle.of(component.pid()).orElseThrow();
					processes.add(process);
					process.descendants().forEach(processes::add);
				}
			}
			assertThat(suite.components()).extracting(ComponentState::kind)
				.containsExactly(ComponentState.INFRA, ComponentState.INFRA, ComponentState.EXTERNAL);
			assertThat(processes).hasSize(4);

			suite.stop();
			suite.stop();

			assertThat(processes).noneMatch(ProcessHandle::isAlive);
			assertThat(processesUsing(this.stateDir)).isEmpty();
			assertThat(this.stateDir.resolve("run/state.json")).doesNotExist();
		}
	}

	private static List<String> processesUsing(Path dir) {
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.map((process) -> process.info().commandLine().orElse(""))
			.filter((commandLine) -> commandLine.contains(dir.toString()))
			.toList();
	}

	private SuiteOptions options() {
		return SuiteOptions.defaults(ProjectLayout.detectProjectDir())
			.withStateDir(this.stateDir)
			.withFreePorts()
			.withProgress(this.progress::add);
	}

	private static ServerSocket listener() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return socket;
	}

}
