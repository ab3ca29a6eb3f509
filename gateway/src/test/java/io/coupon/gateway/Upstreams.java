package io.coupon.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstreams that the gateway cannot connect to, on the loopback interface only.
 */
final class Upstreams {

	private Upstreams() {
	}

	/**
	 * A port on which nothing listens, so a connect is refused at once: a replica that has died.
	 */
	static String refusing() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A listening socket that never accepts and whose accept queue is full. Linux then drops
	 * incoming SYNs, so a connect neither succeeds nor is refused: it times out, like a replica
	 * whose host froze.
	 */
	static final class Unresponsive implements AutoCloseable {

		private final ServerSocket listener;

		private final List<Socket> queued = new ArrayList<>();

		Unresponsive() {
			try {
				this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
						this.listener.getLocalPort());
				// Bounded: the queue of a backlog of 1 holds a couple of connections at most.
				for (int i = 0; i < 16; i++) {
					Socket socket = new Socket();
					try {
						socket.connect(address, 200);
						this.queued.add(socket);
					}
					catch (SocketTimeoutException full) {
						socket.close();
						return;
					}
				}
				throw new IllegalStateException("The accept queue never filled up: connects would not time out");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String uri() {
			return "http://127.0.0.1:" + this.listener.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			for (Socket socket : this.queued) {
				socket.close();
			}
			this.listener.close();
		}

	}

}
