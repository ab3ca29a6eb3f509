package io.coupon.gateway.warmup;

import java.net.InetSocketAddress;
import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Tells the warm-up's requests apart from everyone else's: they arrive on the warm-up's own entry, a server on a free
 * loopback port that lives only while the warm-up runs, and nothing else does. The local port a connection came in
 * on is the server's, not anything a client can send, so no request can claim to be one.
 */
@Component
public class WarmUpTraffic {

	private record Entry(int port, URI upstream) {
	}

	private volatile @Nullable Entry entry;

	/** From now on, requests that arrive on {@code entryPort} go to {@code upstream}. */
	void open(int entryPort, URI upstream) {
		this.entry = new Entry(entryPort, upstream);
	}

	void close() {
		this.entry = null;
	}

	/** The warm-up's upstream when {@code request} came in on the warm-up's entry; null for every other request. */
	public @Nullable URI upstreamFor(ServerHttpRequest request) {
		Entry current = this.entry;
		if (current == null) {
			return null;
		}
		InetSocketAddress local = request.getLocalAddress();
		return (local != null && local.getPort() == current.port() && local.getAddress() != null
				&& local.getAddress().isLoopbackAddress()) ? current.upstream() : null;
	}

}
