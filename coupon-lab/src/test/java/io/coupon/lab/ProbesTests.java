package io.coupon.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbesTests {

	@Test
	void shouldFindTheHostAndPortOfEveryKindOfAddress() {
		assertThat(Probes.hostAndPort("redis://127.0.0.1:16379", 6379)).contains(hostAndPort("127.0.0.1", 16379));
		assertThat(Probes.hostAndPort("redis://:secret@cache.local:6380/0", 6379))
			.contains(hostAndPort("cache.local", 6380));
		assertThat(Probes.hostAndPort("rediss://cache.local", 6379)).contains(hostAndPort("cache.local", 6379));
		assertThat(Probes.hostAndPort("jdbc:mysql://db.local:3307/coupon?useSSL=false", 3306))
			.contains(hostAndPort("db.local", 3307));
		assertThat(Probes.hostAndPort("jdbc:mysql://db.local/coupon", 3306)).contains(hostAndPort("db.local", 3306));
		assertThat(Probes.hostAndPort("k1:9093,k2:9094", 9092)).contains(hostAndPort("k1", 9093));
		assertThat(Probes.hostAndPort("  ", 9092)).isEmpty();
		assertThat(Probes.hostAndPort("host:notaport", 9092)).isEmpty();
	}

	@Test
	void shouldTellAReplicaInItsWarmUpFromOneThatFinishedIt() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		AtomicReference<String> gauge = new AtomicReference<>("0.0");
		server.createContext("/actuator/prometheus", (exchange) -> {
			byte[] body = ("# TYPE coupon_warmup_finished gauge\n"
					+ "coupon_warmup_finished{application=\"coupon-api\",instance=\"coupon-api:1\"} " + gauge.get()
					+ "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			String address = "http://127.0.0.1:" + server.getAddress().getPort();
			assertThat(Probes.isWarmingUp(address)).isTrue();
			gauge.set("1.0");
			assertThat(Probes.isWarmingUp(address)).isFalse();
			assertThat(Probes.isWarmingUp("http://127.0.0.1:1")).as("nothing listening").isFalse();
		}
		finally {
			server.stop(0);
		}
	}

	private static Probes.HostAndPort hostAndPort(String host, int port) {
		return new Probes.HostAndPort(host, port);
	}

}
