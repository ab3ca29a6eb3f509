package io.coupon.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Builds the verifier of bearer tokens from the one key source configured. Each source pins its algorithm: a token
 * signed with another one (an RS256 public key used as an HS256 secret, or {@code alg: none}) is refused.
 */
final class TokenVerifiers {

	private TokenVerifiers() {
	}

	static TokenVerifier of(GatewaySecurityProperties.Jwt jwt, String adminScope, Clock clock) {
		int sources = (jwt.hmacSecret() != null ? 1 : 0) + (jwt.jwkSetUri() != null ? 1 : 0)
				+ (jwt.publicKeyLocation() != null ? 1 : 0);
		if (sources != 1) {
			throw new IllegalStateException("coupon.security.mode=jwt needs exactly one key source, found " + sources
					+ ": coupon.security.jwt.hmac-secret (COUPON_JWT_SECRET, HS256), "
					+ "coupon.security.jwt.jwk-set-uri (COUPON_JWT_JWK_SET_URI, RS256) or "
					+ "coupon.security.jwt.public-key-location (COUPON_JWT_PUBLIC_KEY_LOCATION, RS256)");
		}
		JWSAlgorithm algorithm = (jwt.hmacSecret() != null) ? JWSAlgorithm.HS256 : JWSAlgorithm.RS256;
		KeySource keys;
		if (jwt.hmacSecret() != null) {
			keys = KeySource.fixed(macVerifier(jwt.hmacSecret()));
		}
		else if (jwt.jwkSetUri() != null) {
			keys = new JwkSetKeySource(URI.create(jwt.jwkSetUri()), algorithm, jwt.jwkSet(), clock);
		}
		else {
			keys = KeySource.fixed(new RSASSAVerifier(readPublicKey(jwt.publicKeyLocation())));
		}
		return new TokenVerifier(algorithm, keys, jwt.clockSkew(), jwt.issuer(), jwt.audience(), adminScope, clock);
	}

	private static MACVerifier macVerifier(String hmacSecret) {
		byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
		if (secret.length < GatewaySecurityProperties.Jwt.MIN_HMAC_SECRET_BYTES) {
			throw new IllegalStateException("coupon.security.jwt.hmac-secret must be at least "
					+ GatewaySecurityProperties.Jwt.MIN_HMAC_SECRET_BYTES + " bytes, it has " + secret.length);
		}
		try {
			return new MACVerifier(secret);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("coupon.security.jwt.hmac-secret cannot be used as an HS256 key", ex);
		}
	}

	/** Reads an X.509 {@code SubjectPublicKeyInfo} in PEM ({@code -----BEGIN PUBLIC KEY-----}). */
	static RSAPublicKey readPublicKey(String location) {
		try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
				.replace("-----END PUBLIC KEY-----", "")
				.replaceAll("\\s", "");
			X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
			return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read coupon.security.jwt.public-key-location " + location, ex);
		}
		catch (IllegalArgumentException | NoSuchAlgorithmException | InvalidKeySpecException | ClassCastException ex) {
			throw new IllegalStateException("coupon.security.jwt.public-key-location " + location
					+ " holds no RSA public key in X.509 PEM (-----BEGIN PUBLIC KEY-----)", ex);
		}
	}

}
