package io.coupon.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FreePortsTests {

	@Test
	void shouldReturnDistinctPortsThatCanBeBound() throws IOException {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			ports.add(FreePorts.find());
		}
		assertThat(ports).hasSize(20).allSatisfy(port -> assertThat(port).isBetween(1024, 65535));
		int port = ports.iterator().next();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			assertThat(socket.isBound()).isTrue();
		}
	}

	@Test
	void shouldTellAPortInUseFromAFreeOne() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int port = socket.getLocalPort();
			assertThat(FreePorts.isFree(port)).isFalse();
			assertThatIllegalStateException().isThrownBy(() -> FreePorts.requireFree(port, "Redis"))
				.withMessageContaining("Redis: port " + port);
		}
		assertThat(FreePorts.isFree(FreePorts.find())).isTrue();
	}

}
