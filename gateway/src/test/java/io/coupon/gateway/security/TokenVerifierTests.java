package io.coupon.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenVerifierTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final TokenVerifier hs256 = verifier(null, null);

	@Test
	void shouldAcceptAGoodTokenAndNameItsSubject() {
		assertThat(this.hs256.verify(hs256(claims("1001"))).block()).contains(new VerifiedToken("1001", false));
	}

	@Test
	void shouldGrantAdminFromTheScopeOrScpClaim() {
		assertThat(verified(hs256(claims("ops").claim("scope", "coupon:read coupon:admin")))).get()
			.extracting(VerifiedToken::admin)
			.isEqualTo(true);
		assertThat(verified(hs256(claims("ops").claim("scp", List.of("coupon:admin"))))).get()
			.extracting(VerifiedToken::admin)
			.isEqualTo(true);
		assertThat(verified(hs256(claims("ops").claim("scope", "coupon:administrator")))).get()
			.extracting(VerifiedToken::admin)
			.isEqualTo(false);
	}

	@Test
	void shouldRefuseATokenWithoutExpiryOrPastItBeyondTheSkew() {
		assertThat(verified(hs256(new JWTClaimsSet.Builder().subject("1001")))).isEmpty();
		assertThat(verified(hs256(claims("1001").expirationTime(Date.from(NOW.minus(SKEW).minusSeconds(1))))))
			.isEmpty();
		assertThat(verified(hs256(claims("1001").expirationTime(Date.from(NOW.minus(SKEW).plusSeconds(1))))))
			.isPresent();
	}

	@Test
	void shouldRefuseATokenNotYetValidBeyondTheSkew() {
		assertThat(verified(hs256(claims("1001").notBeforeTime(Date.from(NOW.plus(SKEW).plusSeconds(1))))))
			.isEmpty();
		assertThat(verified(hs256(claims("1001").notBeforeTime(Date.from(NOW.plus(SKEW).minusSeconds(1))))))
			.isPresent();
	}

	@Test
	void shouldRefuseATokenWithoutOrWithABlankSubject() {
		assertThat(verified(hs256(claims(null)))).isEmpty();
		assertThat(verified(hs256(claims(" ")))).isEmpty();
	}

	@Test
	void shouldRefuseATokenSignedWithAnotherSecret() {
		assertThat(verified(signWith("another-secret-that-is-also-32-bytes-long",
				claims("1001")))).isEmpty();
	}

	@Test
	void shouldRefuseATokenOfAnotherAlgorithmThanThePinnedOne() throws Exception {
		KeyPair keys = rsaKeys();
		TokenVerifier rs256 = new TokenVerifier(JWSAlgorithm.RS256,
				KeySource.fixed(new RSASSAVerifier((RSAPublicKey) keys.getPublic())), SKEW, null, null, "coupon:admin",
				clock());
		String good = sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.RS256, claims("1001"));
		assertThat(rs256.verify(good).block()).isPresent();
		// The RSA public key's bytes used as an HS256 secret: the classic algorithm confusion.
		String confused = sign(new MACSigner(keys.getPublic().getEncoded()), JWSAlgorithm.HS256, claims("1001"));
		assertThat(rs256.verify(confused).block()).isEmpty();
		assertThat(verified(good)).isEmpty();
	}

	@Test
	void shouldRefuseWhatIsNotASignedJwt() {
		for (String token : List.of("", "abc", "not.a.jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMDAxIn0.",
				hs256(claims("1001")).replace('.', '!'))) {
			assertThat(this.hs256.verify(token).block()).as(token).isEmpty();
		}
	}

	@Test
	void shouldRefuseATamperedPayload() {
		String[] parts = hs256(claims("1001")).split("\\.");
		String otherPayload = hs256(claims("2002")).split("\\.")[1];
		assertThat(verified(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
	}

	@Test
	void shouldRequireTheIssuerAndAudienceWhenConfigured() {
		TokenVerifier strict = verifier("https://idp.example", "coupon-api");
		assertThat(strict.verify(hs256(claims("1001").issuer("https://idp.example").audience("coupon-api"))).block())
			.isPresent();
		assertThat(strict.verify(hs256(claims("1001").issuer("https://idp.example").audience(List.of("a", "coupon-api"))))
			.block()).isPresent();
		assertThat(strict.verify(hs256(claims("1001").issuer("https://evil.example").audience("coupon-api"))).block())
			.isEmpty();
		assertThat(strict.verify(hs256(claims("1001").issuer("https://idp.example").audience("other"))).block())
			.isEmpty();
		assertThat(strict.verify(hs256(claims("1001").issuer("https://idp.example"))).block()).isEmpty();
	}

	@Test
	void shouldTryEveryCandidateKeyAndPassOnAKeySourcesFailure() {
		TokenVerifier twoKeys = new TokenVerifier(JWSAlgorithm.HS256,
				(header) -> Mono.just(List.of(mac("another-secret-that-is-also-32-bytes-long"), mac(SECRET))), SKEW,
				null, null, "coupon:admin", clock());
		assertThat(twoKeys.verify(hs256(claims("1001"))).block()).isPresent();

		TokenVerifier noKeys = new TokenVerifier(JWSAlgorithm.HS256,
				(header) -> Mono.error(new KeysUnavailableException("down", null)), SKEW, null, null, "coupon:admin",
				clock());
		assertThatExceptionOfType(KeysUnavailableException.class)
			.isThrownBy(() -> noKeys.verify(hs256(claims("1001"))).block());
	}

	private Optional<VerifiedToken> verified(String token) {
		return this.hs256.verify(token).block();
	}

	private static TokenVerifier verifier(@Nullable String issuer, @Nullable String audience) {
		return new TokenVerifier(JWSAlgorithm.HS256, KeySource.fixed(mac(SECRET)), SKEW, issuer, audience,
				"coupon:admin", clock());
	}

	private static Clock clock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

	private static JWTClaimsSet.Builder claims(@Nullable String subject) {
		return new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
	}

	private static String hs256(JWTClaimsSet.Builder claims) {
		return signWith(SECRET, claims);
	}

	private static String signWith(String secret, JWTClaimsSet.Builder claims) {
		try {
			return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MACVerifier mac(String secret) {
		try {
			return new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair rsaKeys() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

}
