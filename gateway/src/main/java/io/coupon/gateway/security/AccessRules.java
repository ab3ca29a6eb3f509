package io.coupon.gateway.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may do what through the gateway (docs/security.md): the first rule that matches a request's method and path
 * decides. Any user's token may issue and read a coupon; reading a user's issuance needs that user's token or the
 * admin scope; anything else under {@code /api} (creating coupons, replica details) needs the admin scope; health,
 * info and prometheus are open; every other path is refused.
 */
final class AccessRules {

	/** The path variable that names the user an issuance belongs to. */
	private static final String USER_VARIABLE = "userId";

	private final List<Rule> rules;

	AccessRules() {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		this.rules = List.of(new Rule(HttpMethod.GET, parser.parse("/actuator/health"), Access.OPEN),
				new Rule(HttpMethod.GET, parser.parse("/actuator/health/**"), Access.OPEN),
				new Rule(HttpMethod.GET, parser.parse("/actuator/info"), Access.OPEN),
				new Rule(HttpMethod.GET, parser.parse("/actuator/prometheus"), Access.OPEN),
				new Rule(HttpMethod.POST, parser.parse("/api/v1/coupons/*/issue"), Access.USER),
				new Rule(HttpMethod.GET, parser.parse("/api/v1/coupons/{couponId}/issues/{" + USER_VARIABLE + "}"),
						Access.OWN_USER_OR_ADMIN),
				new Rule(HttpMethod.GET, parser.parse("/api/v1/coupons/*"), Access.USER),
				new Rule(null, parser.parse("/api/**"), Access.ADMIN));
	}

	/** What the request needs; {@link Access#DENIED} when no rule matches. */
	Access required(HttpMethod method, PathContainer path) {
		for (Rule rule : this.rules) {
			if (rule.matches(method, path)) {
				return rule.access();
			}
		}
		return Access.DENIED;
	}

	/**
	 * Whether a verified token passes what the request needs: {@code required(method, path)} must have been asked
	 * first, and be neither {@link Access#OPEN} nor {@link Access#DENIED}.
	 */
	boolean allows(Access access, VerifiedToken token, PathContainer path) {
		return switch (access) {
			case OPEN, USER -> true;
			case ADMIN -> token.admin();
			case OWN_USER_OR_ADMIN -> token.admin() || token.subject().equals(userIn(path));
			case DENIED -> false;
		};
	}

	private @Nullable String userIn(PathContainer path) {
		for (Rule rule : this.rules) {
			if (rule.access() == Access.OWN_USER_OR_ADMIN) {
				PathPattern.PathMatchInfo match = rule.pattern().matchAndExtract(path);
				if (match != null) {
					return match.getUriVariables().get(USER_VARIABLE);
				}
			}
		}
		return null;
	}

	/** @param method null for any method */
	private record Rule(@Nullable HttpMethod method, PathPattern pattern, Access access) {

		boolean matches(HttpMethod requested, PathContainer path) {
			return (this.method == null || this.method.equals(requested)) && this.pattern.matches(path);
		}

	}

}
