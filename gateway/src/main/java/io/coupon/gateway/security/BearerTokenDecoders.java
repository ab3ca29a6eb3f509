package io.coupon.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Builds the decoder that verifies bearer tokens from the one key source configured. Each source pins its algorithm:
 * a token signed with another one (an RS256 public key used as an HS256 secret, or {@code alg: none}) is refused.
 */
final class BearerTokenDecoders {

	private BearerTokenDecoders() {
	}

	static ReactiveJwtDecoder of(GatewaySecurityProperties.Jwt jwt) {
		int sources = (jwt.hmacSecret() != null ? 1 : 0) + (jwt.jwkSetUri() != null ? 1 : 0)
				+ (jwt.publicKeyLocation() != null ? 1 : 0);
		if (sources != 1) {
			throw new IllegalStateException("coupon.security.mode=jwt needs exactly one key source, found " + sources
					+ ": coupon.security.jwt.hmac-secret (COUPON_JWT_SECRET, HS256), "
					+ "coupon.security.jwt.jwk-set-uri (COUPON_JWT_JWK_SET_URI, RS256) or "
					+ "coupon.security.jwt.public-key-location (COUPON_JWT_PUBLIC_KEY_LOCATION, RS256)");
		}
		NimbusReactiveJwtDecoder decoder;
		if (jwt.hmacSecret() != null) {
			byte[] secret = jwt.hmacSecret().getBytes(StandardCharsets.UTF_8);
			if (secret.length < GatewaySecurityProperties.Jwt.MIN_HMAC_SECRET_BYTES) {
				throw new IllegalStateException("coupon.security.jwt.hmac-secret must be at least "
						+ GatewaySecurityProperties.Jwt.MIN_HMAC_SECRET_BYTES + " bytes, it has " + secret.length);
			}
			decoder = NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
		else if (jwt.jwkSetUri() != null) {
			decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else {
			decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(jwt.publicKeyLocation()))
				.signatureAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		decoder.setJwtValidator(validator(jwt));
		return decoder;
	}

	private static OAuth2TokenValidator<Jwt> validator(GatewaySecurityProperties.Jwt jwt) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtTimestampValidator(jwt.clockSkew()));
		// The timestamp validator lets a token without exp live forever, and a token without a subject names no
		// user: both are refused.
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, (subject) -> subject != null && !subject.isBlank()));
		if (jwt.issuer() != null) {
			validators.add(new JwtIssuerValidator(jwt.issuer()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static RSAPublicKey readPublicKey(String location) {
		try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read coupon.security.jwt.public-key-location " + location, ex);
		}
	}

}
