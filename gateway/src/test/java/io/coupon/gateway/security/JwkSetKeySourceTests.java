package io.coupon.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwkSetKeySourceTests {

	private static final GatewaySecurityProperties.JwkSet SETTINGS = new GatewaySecurityProperties.JwkSet(
			Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(5));

	private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T12:00:00Z"));

	private final JwksEndpoint endpoint = new JwksEndpoint();

	private final JwkSetKeySource keys = new JwkSetKeySource(this.endpoint.uri(), JWSAlgorithm.RS256, SETTINGS,
			this.clock);

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void shouldFetchTheKeysOnceAndKeepThemForTheirTimeToLive() throws Exception {
		RSAKey key = rsaKey("k1");
		this.endpoint.serve(key);

		assertThat(verifiersFor("k1")).hasSize(1);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(verifiersFor("k1")).hasSize(1);
		assertThat(this.endpoint.fetches()).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(verifiersFor("k1")).hasSize(1);
		assertThat(this.endpoint.fetches()).isEqualTo(2);
	}

	@Test
	void shouldFetchAgainForAnUnknownKeyIdButNotMoreOftenThanTheMinimumInterval() throws Exception {
		this.endpoint.serve(rsaKey("k1"));
		assertThat(verifiersFor("k1")).hasSize(1);

		// The provider rotates to k2; a token naming it right away finds nothing, and costs no fetch.
		this.endpoint.serve(rsaKey("k1"), rsaKey("k2"));
		assertThat(verifiersFor("k2")).isEmpty();
		assertThat(this.endpoint.fetches()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(verifiersFor("k2")).hasSize(1);
		assertThat(this.endpoint.fetches()).isEqualTo(2);
		assertThat(verifiersFor("made-up")).isEmpty();
		assertThat(this.endpoint.fetches()).isEqualTo(2);
	}

	@Test
	void shouldUseOnlySignatureKeysOfThePinnedAlgorithm() throws Exception {
		RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
		RSAKey ps256 = new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate();
		this.endpoint.serve(encryption, ps256, rsaKey("k1"));

		assertThat(verifiersFor("enc")).isEmpty();
		assertThat(verifiersFor("ps")).isEmpty();
		assertThat(verifiersFor("k1")).hasSize(1);
		assertThat(verifiersFor(null)).hasSize(1);
	}

	@Test
	void shouldFailWithoutKeysAndNotAskAgainForASecond() {
		this.endpoint.failWith(500);

		assertThatExceptionOfType(KeysUnavailableException.class).isThrownBy(() -> verifiersFor("k1"));
		assertThatExceptionOfType(KeysUnavailableException.class).isThrownBy(() -> verifiersFor("k1"));
		assertThat(this.endpoint.fetches()).isEqualTo(1);

		this.clock.advance(JwkSetKeySource.RETRY_AFTER_FAILURE);
		assertThatExceptionOfType(KeysUnavailableException.class).isThrownBy(() -> verifiersFor("k1"));
		assertThat(this.endpoint.fetches()).isEqualTo(2);
	}

	@Test
	void shouldKeepUsingTheKnownKeysWhenARefetchFails() throws Exception {
		this.endpoint.serve(rsaKey("k1"));
		assertThat(verifiersFor("k1")).hasSize(1);

		this.endpoint.failWith(503);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(verifiersFor("k1")).hasSize(1);
		assertThat(this.endpoint.fetches()).isEqualTo(2);
	}

	@Test
	void shouldShareOneFetchBetweenConcurrentRequests() throws Exception {
		this.endpoint.serve(rsaKey("k1"));
		CountDownLatch release = this.endpoint.holdAnswers();

		Mono<List<JWSVerifier>> first = this.keys.verifiersFor(header("k1")).cache();
		Mono<List<JWSVerifier>> second = this.keys.verifiersFor(header("k1")).cache();
		first.subscribe();
		second.subscribe();
		release.countDown();

		assertThat(first.block(Duration.ofSeconds(10))).hasSize(1);
		assertThat(second.block(Duration.ofSeconds(10))).hasSize(1);
		assertThat(this.endpoint.fetches()).isEqualTo(1);
	}

	private List<JWSVerifier> verifiersFor(String keyId) {
		return this.keys.verifiersFor(header(keyId)).block(Duration.ofSeconds(10));
	}

	private static JWSHeader header(String keyId) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build();
	}

	private static RSAKey rsaKey(String keyId) throws JOSEException {
		return new RSAKeyGenerator(2048).keyID(keyId).generate();
	}

	private static final class SettableClock extends Clock {

		private volatile Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	/** A JWKS endpoint on a free loopback port whose answer each test sets, counting the fetches. */
	private static final class JwksEndpoint implements AutoCloseable {

		private final HttpServer server;

		private final AtomicInteger fetches = new AtomicInteger();

		private volatile String body = "{\"keys\":[]}";

		private volatile int status = 200;

		private volatile CountDownLatch hold = new CountDownLatch(0);

		JwksEndpoint() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/jwks", (exchange) -> {
				this.fetches.incrementAndGet();
				try {
					this.hold.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				byte[] answer = this.body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(this.status, answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			});
			this.server.start();
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks");
		}

		void serve(RSAKey... keys) {
			this.body = new JWKSet(List.of(keys)).toString(true);
			this.status = 200;
		}

		void failWith(int status) {
			this.status = status;
			this.body = "{}";
		}

		CountDownLatch holdAnswers() {
			this.hold = new CountDownLatch(1);
			return this.hold;
		}

		int fetches() {
			return this.fetches.get();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
