package io.coupon.api.support;

import java.net.URI;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure as an RFC 9457 problem detail with a stable {@code type}: the API's own problems, Spring
 * MVC's standard ones (bad JSON, wrong method, wrong content type, ...) and anything unexpected.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleProblem(ProblemException ex, WebRequest request) {
		ProblemDetail body = problem(ex.type(), ex.getMessage(), request);
		HttpHeaders headers = new HttpHeaders();
		if (ex.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(ex.retryAfter()));
		}
		return ResponseEntity.status(ex.type().status()).headers(headers).body(body);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, WebRequest request) {
		log.error("Unexpected failure on {}", describe(request), ex);
		ProblemDetail body = problem(ProblemType.INTERNAL_ERROR, "The request failed unexpectedly", request);
		return ResponseEntity.status(ProblemType.INTERNAL_ERROR.status()).body(body);
	}

	/**
	 * Gives Spring MVC's own problem details (400, 405, 415, ...) this API's stable types. The base class builds the
	 * body here, so the decoration happens on what it returns.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			ProblemType type = ProblemType.forStatus(statusCode.value());
			problem.setType(type.uri());
			problem.setTitle(type.title());
			problem.setInstance(URI.create(path(request)));
		}
		return response;
	}

	static ProblemDetail problem(ProblemType type, String detail, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.uri());
		problem.setTitle(type.title());
		problem.setInstance(URI.create(path(request)));
		return problem;
	}

	static String retryAfterSeconds(Duration retryAfter) {
		return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
	}

	private static String path(WebRequest request) {
		return (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI() : "/";
	}

	private static String describe(WebRequest request) {
		return (request instanceof ServletWebRequest servlet)
				? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI() : request.toString();
	}

}
