package io.coupon.gateway.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Reads what a verified token grants. */
final class Authorities {

	private Authorities() {
	}

	/** Whether the authentication holds {@code authority}, such as {@code SCOPE_coupon:admin}. */
	static boolean has(Authentication authentication, String authority) {
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
