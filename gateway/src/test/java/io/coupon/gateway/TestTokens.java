package io.coupon.gateway;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs the tokens the security tests send, good and bad, with Nimbus (the library the gateway verifies with). */
final class TestTokens {

	/** The HS256 secret the tests configure the gateway with. */
	static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";

	private TestTokens() {
	}

	static String user(String subject) {
		return hs256(SECRET, claims(subject, Instant.now().plus(Duration.ofMinutes(5))).build());
	}

	static String admin(String subject) {
		return hs256(SECRET, claims(subject, Instant.now().plus(Duration.ofMinutes(5))).claim("scope", "coupon:admin")
			.build());
	}

	static String expired(String subject) {
		return hs256(SECRET, claims(subject, Instant.now().minus(Duration.ofMinutes(5))).build());
	}

	static String withoutExpiry(String subject) {
		return hs256(SECRET, new JWTClaimsSet.Builder().subject(subject).issueTime(new Date()).build());
	}

	static String signedWith(String otherSecret, String subject) {
		return hs256(otherSecret, claims(subject, Instant.now().plus(Duration.ofMinutes(5))).build());
	}

	/** A well-formed RS256 token from a key the gateway never heard of. */
	static String rs256(String subject) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keys = generator.generateKeyPair();
			return sign(new RSASSASigner(keys.getPrivate()), JWSAlgorithm.RS256,
					claims(subject, Instant.now().plus(Duration.ofMinutes(5))).build());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An RS256 token signed with {@code key}, naming its key id as an identity provider's tokens do. */
	static String rs256(RSAKey key, String subject) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims(subject, Instant.now().plus(Duration.ofMinutes(5))).build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The unsecured JWS of RFC 7519 section 6: {@code alg: none} and no signature. */
	static String unsigned(String subject) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(claims(subject, Instant.now().plus(Duration.ofMinutes(5))).build()
			.toString()
			.getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	private static JWTClaimsSet.Builder claims(String subject, Instant expiry) {
		return new JWTClaimsSet.Builder().subject(subject).issueTime(new Date()).expirationTime(Date.from(expiry));
	}

	private static String hs256(String secret, JWTClaimsSet claims) {
		try {
			return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
