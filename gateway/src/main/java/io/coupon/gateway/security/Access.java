package io.coupon.gateway.security;

/** What a request must show to be let through: the verdict of {@link AccessRules} for its method and path. */
enum Access {

	/** Anyone, without a token: health, info and prometheus, for probes and scrapes. */
	OPEN,

	/** Any verified token. */
	USER,

	/** A verified token whose subject is the path's user, or one with the admin scope. */
	OWN_USER_OR_ADMIN,

	/** A verified token with the admin scope. */
	ADMIN,

	/** Nobody: every path the gateway does not serve. */
	DENIED

}
