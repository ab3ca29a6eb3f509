package io.coupon.gateway.security;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Measures, in one run and on one thread, the CPU time and the memory allocated per HS256 token by: the gateway's
 * {@link TokenVerifier}; Spring Security's {@link NimbusReactiveJwtDecoder}, which the gateway used before (the
 * decoder alone, without the rest of Spring Security's chain); and Nimbus's bare MAC check, the floor. Every token is
 * a new user's, so nothing can be cached. Not a test: run it by hand (docs/decisions.md gives the command and the
 * numbers).
 */
public final class TokenVerificationBenchmark {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	private static final int TOKENS = 20_000;

	private static final int ROUNDS = 5;

	private TokenVerificationBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> tokens = new ArrayList<>(TOKENS);
		MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
		for (int i = 0; i < TOKENS; i++) {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
				.subject(Integer.toString(1_000_000 + i))
				.issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
				.build());
			jwt.sign(signer);
			tokens.add(jwt.serialize());
		}
		TokenVerifier gateway = TokenVerifiers.of(new GatewaySecurityProperties.Jwt(SECRET, null, null, null, null,
				Duration.ofSeconds(30), new GatewaySecurityProperties.JwkSet(Duration.ofMinutes(5),
						Duration.ofSeconds(30), Duration.ofSeconds(5))),
				"coupon:admin", Clock.systemUTC());
		ReactiveJwtDecoder spring = NimbusReactiveJwtDecoder
			.withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		MACVerifier mac = new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8));

		List<Case> cases = List.of(new Case("gateway TokenVerifier", (token) -> {
			if (gateway.verify(token).block().isEmpty()) {
				throw new IllegalStateException("refused " + token);
			}
		}), new Case("Spring NimbusReactiveJwtDecoder", (token) -> spring.decode(token).block()),
				new Case("Nimbus MAC check only (floor)", (token) -> {
					try {
						if (!SignedJWT.parse(token).verify(mac)) {
							throw new IllegalStateException("bad signature");
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
		System.out.printf("%d tokens per round, %d rounds, alternating; first round is warm-up%n", TOKENS, ROUNDS);
		for (int round = 0; round < ROUNDS; round++) {
			for (Case measured : cases) {
				measured.run(tokens, round > 0);
			}
		}
		System.out.printf("%-34s %12s %14s%n", "verifier", "CPU us/token", "KB alloc/token");
		for (Case measured : cases) {
			System.out.printf("%-34s %12.2f %14.2f%n", measured.name, measured.cpuNanos / 1000.0 / measured.count,
					measured.allocated / 1024.0 / measured.count);
		}
	}

	private static final class Case {

		private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		final String name;

		final Consumer<String> verify;

		long cpuNanos;

		long allocated;

		long count;

		Case(String name, Consumer<String> verify) {
			this.name = name;
			this.verify = verify;
		}

		void run(List<String> tokens, boolean record) {
			long cpu = threads.getCurrentThreadCpuTime();
			long bytes = threads.getCurrentThreadAllocatedBytes();
			for (String token : tokens) {
				this.verify.accept(token);
			}
			if (record) {
				this.cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
				this.allocated += threads.getCurrentThreadAllocatedBytes() - bytes;
				this.count += tokens.size();
			}
		}

	}

}
