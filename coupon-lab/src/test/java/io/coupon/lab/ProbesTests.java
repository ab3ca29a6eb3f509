package io.coupon.lab;

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

	private static Probes.HostAndPort hostAndPort(String host, int port) {
		return new Probes.HostAndPort(host, port);
	}

}
