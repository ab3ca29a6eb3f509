package io.coupon.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface.
 */
public final class FreePorts {

	// The kernel may hand the same ephemeral port out twice in a row once the probe socket is
	// closed; remembering what this JVM already returned keeps, e.g., a broker and its controller
	// from being given the same port.
	private static final Set<Integer> handedOut = new HashSet<>();

	private FreePorts() {
	}

	/**
	 * Returns a port that is free on 127.0.0.1 right now and that this JVM has not returned before.
	 */
	public static synchronized int find() {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				int port = socket.getLocalPort();
				if (handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not open a probe socket on 127.0.0.1", ex);
			}
		}
		throw new IllegalStateException("No free port found on 127.0.0.1 after 100 attempts");
	}

	/**
	 * Whether nothing listens on {@code port} of 127.0.0.1 (a listener on the wildcard address
	 * makes the bind fail as well).
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static void requireFree(int port, String what) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException(what + ": invalid port " + port);
		}
		if (!isFree(port)) {
			// Starting anyway would let the readiness probe talk to whatever already listens there.
			throw new IllegalStateException(what + ": port " + port
					+ " on 127.0.0.1 is already in use (another server, or a previous run still alive?)");
		}
	}

}
