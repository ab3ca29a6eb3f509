package io.coupon.gateway.warmup;

import java.net.InetSocketAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTrafficTests {

	private static final URI UPSTREAM = URI.create("http://127.0.0.1:4001");

	private final WarmUpTraffic traffic = new WarmUpTraffic();

	@Test
	void shouldSendOnlyWhatCameInOnTheWarmUpsEntryToItsUpstream() {
		this.traffic.open(4000, UPSTREAM);
		assertThat(this.traffic.upstreamFor(arrivedOn("127.0.0.1", 4000))).isEqualTo(UPSTREAM);
		assertThat(this.traffic.upstreamFor(arrivedOn("127.0.0.1", 8080))).as("the public port").isNull();
		assertThat(this.traffic.upstreamFor(arrivedOn("10.0.0.7", 4000))).as("not on loopback").isNull();
		assertThat(this.traffic.upstreamFor(MockServerHttpRequest.get("/api/v1/coupons/1").build()))
			.as("no local address")
			.isNull();
	}

	@Test
	void shouldSendNothingToTheUpstreamOnceClosedOrBeforeOpened() {
		assertThat(this.traffic.upstreamFor(arrivedOn("127.0.0.1", 4000))).isNull();
		this.traffic.open(4000, UPSTREAM);
		this.traffic.close();
		assertThat(this.traffic.upstreamFor(arrivedOn("127.0.0.1", 4000))).isNull();
	}

	private static MockServerHttpRequest arrivedOn(String host, int port) {
		return MockServerHttpRequest.post("/api/v1/coupons/1/issue")
			.localAddress(new InetSocketAddress(host, port))
			.build();
	}

}
