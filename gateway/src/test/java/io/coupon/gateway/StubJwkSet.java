package io.coupon.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/** An identity provider's JWKS endpoint on a free loopback port, publishing the public halves of its keys. */
final class StubJwkSet implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile String body = "{\"keys\":[]}";

	private StubJwkSet() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/jwks", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] answer = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		this.server.start();
	}

	static StubJwkSet start() {
		try {
			return new StubJwkSet();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A new RSA key pair with this key id; publish it with {@link #publish}. */
	static RSAKey newKey(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void publish(RSAKey... keys) {
		this.body = new JWKSet(List.of(keys)).toString(true);
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
	}

	int fetches() {
		return this.fetches.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
