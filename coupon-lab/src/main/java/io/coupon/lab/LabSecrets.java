package io.coupon.lab;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of one lab suite, fresh for every {@code ./coupon up}: the gateway's HS256 token secret and the
 * registry's password. They are kept in {@code run/secrets.properties} (owner-only) next to the state, so that
 * {@code ./coupon token}, {@code chaos} and {@code experiment} against a running suite can mint its tokens; they are
 * never written to the state file, a log or the repository.
 *
 * @param jwtSecret the gateway's {@code COUPON_JWT_SECRET}
 * @param eurekaUsername the registry's {@code EUREKA_USERNAME}
 * @param eurekaPassword the registry's {@code EUREKA_PASSWORD}: hex, so that it can sit in a URL as it is
 */
public record LabSecrets(String jwtSecret, String eurekaUsername, String eurekaPassword) {

	private static final SecureRandom random = new SecureRandom();

	static LabSecrets generate() {
		byte[] jwt = new byte[48];
		byte[] eureka = new byte[24];
		random.nextBytes(jwt);
		random.nextBytes(eureka);
		return new LabSecrets(Base64.getUrlEncoder().withoutPadding().encodeToString(jwt), "lab",
				HexFormat.of().formatHex(eureka));
	}

	/** Mints this suite's tokens. */
	public TokenMinter tokens() {
		return new TokenMinter(this.jwtSecret);
	}

	@Override
	public String toString() {
		// Never print a secret by accident, in a log line or an exception message.
		return "LabSecrets[eurekaUsername=" + this.eurekaUsername + ", secrets hidden]";
	}

}
