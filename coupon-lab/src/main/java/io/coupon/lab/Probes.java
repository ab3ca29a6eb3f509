package io.coupon.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Health and reachability probes.
 */
final class Probes {

	private static final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private Probes() {
	}

	/**
	 * Whether a Spring Boot actuator health endpoint answers 200 with status UP.
	 */
	static boolean isHealthy(String healthUrl) {
		try {
			HttpResponse<String> response = get(healthUrl, Duration.ofSeconds(3));
			return response.statusCode() == 200 && response.body().contains("UP");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether a coupon-api replica or the gateway is still in its warm-up, which holds its health at 503: its
	 * {@code coupon_warmup_finished} gauge reads 0.
	 */
	static boolean isWarmingUp(String address) {
		try {
			HttpResponse<String> response = get(address + "/actuator/prometheus", Duration.ofSeconds(3));
			return response.statusCode() == 200 && response.body()
				.lines()
				.anyMatch((line) -> line.startsWith("coupon_warmup_finished") && line.endsWith(" 0.0"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	static HttpResponse<String> get(String url, Duration timeout) throws IOException {
		return get(url, timeout, null);
	}

	/** A GET with an {@code Authorization} header, when {@code authorization} is not null. */
	static HttpResponse<String> get(String url, Duration timeout, String authorization) throws IOException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		HttpRequest request = builder.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	static boolean accepts(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The first host and port of an address: {@code redis://h:p}, {@code jdbc:mysql://h:p/db},
	 * {@code h1:p1,h2:p2}. Empty when the address has no port to probe.
	 */
	static Optional<HostAndPort> hostAndPort(String address, int defaultPort) {
		if (address == null || address.isBlank()) {
			return Optional.empty();
		}
		String rest = address.trim();
		int scheme = rest.lastIndexOf("://");
		if (scheme >= 0) {
			rest = rest.substring(scheme + 3);
		}
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			rest = rest.substring(at + 1);
		}
		for (char end : new char[] { ',', '/', '?', ';' }) {
			int index = rest.indexOf(end);
			if (index >= 0) {
				rest = rest.substring(0, index);
			}
		}
		if (rest.isEmpty()) {
			return Optional.empty();
		}
		int colon = rest.lastIndexOf(':');
		if (colon < 0 || rest.endsWith("]")) {
			return Optional.of(new HostAndPort(rest, defaultPort));
		}
		try {
			return Optional.of(new HostAndPort(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	record HostAndPort(String host, int port) {

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

}
