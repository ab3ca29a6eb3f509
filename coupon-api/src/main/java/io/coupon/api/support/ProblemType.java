package io.coupon.api.support;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable problem types of the API (RFC 9457). Clients branch on {@link #uri()}, never on titles or details.
 * The gateway uses the same base URI for its own failures.
 */
public enum ProblemType {

	INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
	COUPON_NOT_FOUND("coupon-not-found", HttpStatus.NOT_FOUND, "Coupon not found"),
	ISSUE_NOT_FOUND("issue-not-found", HttpStatus.NOT_FOUND, "No issuance for this user"),
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
	ALREADY_ISSUED("already-issued", HttpStatus.CONFLICT, "Coupon already issued to this user"),
	SOLD_OUT("sold-out", HttpStatus.CONFLICT, "Coupon sold out"),
	NOT_OPEN("not-open", HttpStatus.CONFLICT, "Coupon not open for issuance"),
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Issuance temporarily unavailable"),
	INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	public static final String BASE = "https://coupon.example/problems/";

	private final URI uri;

	private final HttpStatus status;

	private final String title;

	ProblemType(String slug, HttpStatus status, String title) {
		this.uri = URI.create(BASE + slug);
		this.status = status;
		this.title = title;
	}

	public URI uri() {
		return this.uri;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	static ProblemType forStatus(int status) {
		return switch (status) {
			case 400 -> INVALID_REQUEST;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 503 -> UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

}
