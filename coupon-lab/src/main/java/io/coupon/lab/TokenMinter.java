package io.coupon.lab;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the HS256 bearer tokens the gateway verifies, as an identity provider would: a user's token names the user in
 * {@code sub}; the admin's carries the {@code coupon:admin} scope. The load generators mint one per virtual user, so
 * the experiments measure the real path, verification included. Thread-safe and cheap (one HMAC per token).
 */
public final class TokenMinter {

	/** The scope the gateway requires to create coupons (coupon.security.admin-scope). */
	public static final String ADMIN_SCOPE = "coupon:admin";

	/** Long enough for the longest experiment; a token is minted per virtual user anyway. */
	static final Duration LIFETIME = Duration.ofHours(12);

	private static final Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

	private static final String HEADER = base64
		.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

	private final SecretKeySpec key;

	private final ThreadLocal<Mac> macs;

	public TokenMinter(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		this.macs = ThreadLocal.withInitial(this::newMac);
	}

	/** A token for one user: the gateway passes {@code userId} to the replicas as X-USER-ID. */
	public String user(long userId) {
		return sign("{\"sub\":\"" + userId + "\",\"exp\":" + expiry() + "}");
	}

	/** A token with the admin scope, for creating coupons and asking replicas who they are. */
	public String admin() {
		return sign("{\"sub\":\"lab-admin\",\"scope\":\"" + ADMIN_SCOPE + "\",\"exp\":" + expiry() + "}");
	}

	/**
	 * Any token, for probing what the gateway refuses: a subject that is not a user id, an expiry in the past.
	 * @param subject put into {@code sub} as it is (no JSON escaping: keep it to letters, digits, '-' and '.')
	 */
	public String token(String subject, Instant expiresAt) {
		return sign("{\"sub\":\"" + subject + "\",\"exp\":" + expiresAt.getEpochSecond() + "}");
	}

	/** An {@code Authorization} header value. */
	public static String bearer(String token) {
		return "Bearer " + token;
	}

	private static long expiry() {
		return Instant.now().plus(LIFETIME).getEpochSecond();
	}

	private String sign(String claims) {
		String signingInput = HEADER + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		byte[] signature = this.macs.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64.encodeToString(signature);
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
