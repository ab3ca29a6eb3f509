package io.coupon.gateway.security;

/**
 * No key to check a token against can be had right now: the identity provider's JWKS endpoint has not answered and
 * no earlier keys are known. The request is answered 503 with Retry-After, never 401: the token may well be good.
 */
final class KeysUnavailableException extends RuntimeException {

	KeysUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
