package io.coupon.lab.deploy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/eureka-out-of-service, coupon-api's preStop hook, sends Eureka's status change for the replica, with the
 * credentials of EUREKA_URL, to a stand-in registry on loopback. That Eureka then stops handing the replica to the
 * gateways was measured against the real one (docs/deploy.md, "Graceful shutdown").
 */
class EurekaOutOfServiceScriptTests {

	private final List<String> requests = new ArrayList<>();

	private HttpServer eureka;

	private int status = 200;

	@BeforeEach
	void startEureka() throws Exception {
		this.eureka = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.eureka.createContext("/", (exchange) -> {
			synchronized (this.requests) {
				this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
						+ exchange.getRequestHeaders().getFirst("Authorization"));
			}
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.eureka.start();
	}

	@AfterEach
	void stopEureka() {
		this.eureka.stop(0);
	}

	@Test
	void shouldMarkTheReplicaOutOfServiceWithTheRegistrysCredentials() throws Exception {
		Run run = run("http://eureka:p%40ss@127.0.0.1:" + this.eureka.getAddress().getPort() + "/eureka/");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("coupon-api:pod-1:8080 is OUT_OF_SERVICE");
		assertThat(this.requests).containsExactly("PUT /eureka/apps/COUPON-API/coupon-api:pod-1:8080/status"
				+ "?value=OUT_OF_SERVICE Basic "
				+ Base64.getEncoder().encodeToString("eureka:p@ss".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void shouldFailWhenEurekaDoesNotKnowTheReplica() throws Exception {
		this.status = 404;

		Run run = run("http://eureka:secret@127.0.0.1:" + this.eureka.getAddress().getPort() + "/eureka/");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.output()).contains("Eureka answered 'HTTP/1.1 404").contains("waiting 0 s anyway");
	}

	@Test
	void shouldFailWhenEurekaIsUnreachable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		Run run = run("http://eureka:secret@127.0.0.1:" + closedPort + "/eureka/");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(this.requests).isEmpty();
	}

	private static Run run(String eurekaUrl) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash",
				RepositoryFiles.docker().resolve("eureka-out-of-service").toString(), "0")
			.redirectErrorStream(true);
		builder.environment().put("EUREKA_URL", eurekaUrl);
		builder.environment().put("INSTANCE_ID", "coupon-api:pod-1:8080");
		Process process = builder.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script finished").isTrue();
		return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {

	}

}
