package io.coupon.lab.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.RunningSuite;
import io.coupon.lab.TokenMinter;
import io.coupon.lab.check.ProblemTypes;
import io.coupon.lab.experiment.SuiteClient;

/**
 * R9 and R11: a table of bad requests sent through the gateway (missing, forged or expired tokens, subjects that are
 * not user ids, bad coupon ids and bodies, coupon definitions that the API would have to guess at or could not serve
 * as written, parameters no endpoint reads), each expected to get a stated 4xx problem detail and to change nothing
 * in Redis, Kafka or MySQL (whose fingerprint includes the coupon table's row count), checked before and after.
 */
final class BadInputs {

	private static final String ISSUE = "/api/v1/coupons/{coupon}/issue";

	private static final String COUPONS = "/api/v1/coupons";

	private static final String JSON = "application/json";

	/** A body far past anything the API accepts: a coupon name of 2 MiB. */
	private static final String OVERSIZED = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"totalQuantity\":5}";

	/** The table: what is sent, and the status and problem type it must get. */
	static final List<Input> INPUTS = List.of(
			issue("no bearer token", Credential.NONE, 401, "unauthorized"),
			issue("a bearer token that is not a JWT", Credential.raw("Bearer not-a-jwt"), 401, "unauthorized"),
			issue("a token signed with another secret", Credential.OTHER_SECRET, 401, "unauthorized"),
			issue("an expired token", Credential.EXPIRED, 401, "unauthorized"),
			issue("a token with an empty subject", Credential.user(""), 401, "unauthorized"),
			issue("token subject not a number (abc)", Credential.user("abc"), 400, "invalid-request"),
			issue("token subject a decimal (1.5)", Credential.user("1.5"), 400, "invalid-request"),
			issue("token subject zero", Credential.user("0"), 400, "invalid-request"),
			issue("token subject negative (-5)", Credential.user("-5"), 400, "invalid-request"),
			issue("token subject past Long.MAX_VALUE", Credential.user("9223372036854775808"), 400,
					"invalid-request"),
			issue("token subject with leading zeros (0042)", Credential.user("0042"), 400, "invalid-request"),
			new Input("unknown coupon id", "POST", "/api/v1/coupons/987654321/issue", Credential.user("1"), null, null,
					404, "coupon-not-found"),
			new Input("coupon id not a number", "POST", "/api/v1/coupons/abc/issue", Credential.user("1"), null, null,
					400, "invalid-request"),
			new Input("coupon id negative", "POST", "/api/v1/coupons/-1/issue", Credential.user("1"), null, null, 400,
					"invalid-request"),
			new Input("coupon id past Long.MAX_VALUE", "POST", "/api/v1/coupons/99999999999999999999/issue",
					Credential.user("1"), null, null, 400, "invalid-request"),
			new Input("a user token creating a coupon", "POST", COUPONS, Credential.user("1"), JSON,
					"{\"name\":\"x\",\"totalQuantity\":5}", 403, "forbidden"),
			create("coupon with quantity 0", "{\"name\":\"x\",\"totalQuantity\":0}", 400, "invalid-request"),
			create("coupon with a negative quantity", "{\"name\":\"x\",\"totalQuantity\":-3}", 400, "invalid-request"),
			create("coupon with an absurd quantity (10^11)", "{\"name\":\"x\",\"totalQuantity\":99999999999}", 400,
					"invalid-request"),
			create("coupon with quantity past the maximum", "{\"name\":\"x\",\"totalQuantity\":100000001}", 400,
					"invalid-request"),
			create("coupon without a name", "{\"totalQuantity\":5}", 400, "invalid-request"),
			create("coupon that ends before it starts", "{\"name\":\"x\",\"totalQuantity\":5,"
					+ "\"issueStartsAt\":\"2030-01-02T00:00:00Z\",\"issueEndsAt\":\"2030-01-01T00:00:00Z\"}", 400,
					"invalid-request"),
			create("misspelt property (issueStartAt): the sale would open at once",
					"{\"name\":\"x\",\"totalQuantity\":5,\"issueStartAt\":\"2030-01-01T00:00:00Z\"}", 400,
					"invalid-request"),
			create("duplicate key (totalQuantity twice)", "{\"name\":\"x\",\"totalQuantity\":5,\"totalQuantity\":6}",
					400, "invalid-request"),
			create("fractional quantity (10.7)", "{\"name\":\"x\",\"totalQuantity\":10.7}", 400, "invalid-request"),
			create("quantity as a string (\"10\")", "{\"name\":\"x\",\"totalQuantity\":\"10\"}", 400,
					"invalid-request"),
			create("quantity null", "{\"name\":\"x\",\"totalQuantity\":null}", 400, "invalid-request"),
			create("name as a number", "{\"name\":5,\"totalQuantity\":5}", 400, "invalid-request"),
			create("server-owned property (id)", "{\"id\":1,\"name\":\"x\",\"totalQuantity\":5}", 400,
					"invalid-request"),
			create("server-owned property (issuedQuantity)",
					"{\"name\":\"x\",\"totalQuantity\":5,\"issuedQuantity\":0}", 400, "invalid-request"),
			create("name with a leading space", "{\"name\":\" x\",\"totalQuantity\":5}", 400, "invalid-request"),
			create("name with a line break", "{\"name\":\"x\\ny\",\"totalQuantity\":5}", 400, "invalid-request"),
			create("name over 100 characters", "{\"name\":\"" + "x".repeat(101) + "\",\"totalQuantity\":5}", 400,
					"invalid-request"),
			create("start without an offset (local date-time)",
					"{\"name\":\"x\",\"totalQuantity\":5,\"issueStartsAt\":\"2030-01-01T00:00:00\"}", 400,
					"invalid-request"),
			create("start as epoch seconds", "{\"name\":\"x\",\"totalQuantity\":5,\"issueStartsAt\":1893456000}",
					400, "invalid-request"),
			create("start finer than a microsecond",
					"{\"name\":\"x\",\"totalQuantity\":5,\"issueStartsAt\":\"2030-01-01T00:00:00.000000001Z\"}", 400,
					"invalid-request"),
			create("start already passed", "{\"name\":\"x\",\"totalQuantity\":5,\"issueStartsAt\":\"2020-01-01T00:00:00Z\"}",
					400, "invalid-request"),
			create("window already ended", "{\"name\":\"x\",\"totalQuantity\":5,\"issueEndsAt\":\"2020-01-01T00:00:00Z\"}",
					400, "invalid-request"),
			create("body an array", "[{\"name\":\"x\",\"totalQuantity\":5}]", 400, "invalid-request"),
			create("body JSON null", "null", 400, "invalid-request"),
			create("content after the object", "{\"name\":\"x\",\"totalQuantity\":5} {}", 400, "invalid-request"),
			create("JSON with a comment and single quotes", "{'name':'x', /* stock */ 'totalQuantity':5}", 400,
					"invalid-request"),
			new Input("charset other than UTF-8 (ISO-8859-1)", "POST", COUPONS, Credential.ADMIN,
					"application/json; charset=ISO-8859-1", "{\"name\":\"x\",\"totalQuantity\":5}", 415,
					"unsupported-media-type"),
			new Input("query parameter on creation (?totalQuantity=5)", "POST", COUPONS + "?totalQuantity=5",
					Credential.ADMIN, JSON, "{\"name\":\"x\",\"totalQuantity\":5}", 400, "invalid-request"),
			new Input("query parameter on issue (?userId=2)", "POST", ISSUE + "?userId=2", Credential.user("1"), null,
					null, 400, "invalid-request"),
			new Input("coupon id with a leading zero", "POST", "/api/v1/coupons/0{coupon}/issue", Credential.user("1"),
					null, null, 400, "invalid-request"),
			new Input("coupon id with a plus sign", "POST", "/api/v1/coupons/+{coupon}/issue", Credential.user("1"),
					null, null, 400, "invalid-request"),
			new Input("coupon id as a decimal (N.0)", "POST", "/api/v1/coupons/{coupon}.0/issue",
					Credential.user("1"), null, null, 400, "invalid-request"),
			new Input("coupon id with an exponent (Ne0)", "POST", "/api/v1/coupons/{coupon}e0/issue",
					Credential.user("1"), null, null, 400, "invalid-request"),
			create("malformed JSON body", "{not json", 400, "invalid-request"),
			create("empty body", "", 400, "invalid-request"),
			create("oversized body (2 MiB)", OVERSIZED, 413, "payload-too-large"),
			new Input("wrong content type (text/plain)", "POST", COUPONS, Credential.ADMIN, "text/plain", "name=x", 415,
					"unsupported-media-type"),
			new Input("wrong method (DELETE on issue)", "DELETE", ISSUE, Credential.ADMIN, null, null, 405,
					"method-not-allowed"),
			new Input("wrong method (PUT on coupons)", "PUT", COUPONS, Credential.ADMIN, JSON, "{}", 405,
					"method-not-allowed"),
			new Input("a path parameter (;v=1) on issue", "POST", ISSUE + ";v=1", Credential.user("1"), null, null,
					400, "invalid-request"),
			new Input("an encoded .. towards an admin path", "GET", "/api/v1/coupons/%2e%2e/instance",
					Credential.user("1"), null, null, 400, "invalid-request"),
			new Input("an empty path segment (//)", "POST", "/api/v1/coupons//{coupon}/issue", Credential.user("1"),
					null, null, 400, "invalid-request"),
			new Input("an unusual method (TRACE)", "TRACE", ISSUE, Credential.user("1"), null, null, 405,
					"method-not-allowed"));

	private final RunningSuite suite;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	BadInputs(RunningSuite suite) {
		this.suite = suite;
	}

	/** Creates a coupon for the requests that need one, then fingerprints, sends the table, fingerprints again. */
	Result run() {
		long coupon = new SuiteClient(this.suite).createCoupon("bad input", 5);
		StateFingerprint before = StateFingerprint.of(this.suite);
		List<Row> rows = new ArrayList<>();
		for (Input input : INPUTS) {
			rows.add(send(input, coupon));
		}
		StateFingerprint after = StateFingerprint.of(this.suite);
		return new Result(rows, before, after);
	}

	private Row send(Input input, long coupon) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.suite.gatewayUrl() + input.path().replace("{coupon}", Long.toString(coupon))))
			.timeout(Duration.ofSeconds(15))
			.method(input.method(), (input.body() != null) ? HttpRequest.BodyPublishers.ofString(input.body())
					: HttpRequest.BodyPublishers.noBody());
		String authorization = input.credential().header(this.suite.tokens());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (input.contentType() != null) {
			request.header("Content-Type", input.contentType());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String type = ProblemTypes.of(response.body());
			boolean problem = response.headers()
				.firstValue("Content-Type")
				.filter((value) -> value.startsWith("application/problem+json"))
				.isPresent();
			String shortType = (type != null) ? type.substring(type.lastIndexOf('/') + 1) : null;
			String answer = response.statusCode() + " " + (problem ? shortType : "(not a problem detail)");
			return new Row(input, answer,
					response.statusCode() == input.status() && problem && input.problemType().equals(shortType));
		}
		catch (IOException ex) {
			return new Row(input, "no answer: " + ex, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static Input issue(String description, Credential credential, int status, String problemType) {
		return new Input(description, "POST", ISSUE, credential, null, null, status, problemType);
	}

	private static Input create(String description, String body, int status, String problemType) {
		return new Input(description, "POST", COUPONS, Credential.ADMIN, JSON, body, status, problemType);
	}

	/**
	 * How a request of the table authenticates: the {@code Authorization} header it sends, if any. Each is minted
	 * when the request is sent, with the running suite's secret.
	 */
	@FunctionalInterface
	interface Credential {

		Credential NONE = (tokens) -> null;

		Credential ADMIN = (tokens) -> TokenMinter.bearer(tokens.admin());

		Credential EXPIRED = (tokens) -> TokenMinter
			.bearer(tokens.token("1", Instant.now().minus(Duration.ofMinutes(10))));

		/** A well-formed token the gateway must not trust: signed with a secret it does not know. */
		Credential OTHER_SECRET = (tokens) -> TokenMinter
			.bearer(new TokenMinter("a-secret-the-gateway-has-never-seen-0123456789").user(1));

		/** A valid token whose subject is sent on to the replica as the user id. */
		static Credential user(String subject) {
			return (tokens) -> TokenMinter.bearer(tokens.token(subject, Instant.now().plus(Duration.ofMinutes(10))));
		}

		static Credential raw(String header) {
			return (tokens) -> header;
		}

		/** The header to send, or null for none. */
		String header(TokenMinter tokens);

	}

	/**
	 * One bad request.
	 * @param path {@code {coupon}} stands for a coupon that exists
	 * @param credential the bearer token it sends, if any
	 * @param problemType the last segment of the expected problem type
	 */
	record Input(String description, String method, String path, Credential credential, String contentType, String body,
			int status, String problemType) {

		String expectation() {
			return this.status + " " + this.problemType;
		}

	}

	record Row(Input input, String answer, boolean asExpected) {

	}

	record Result(List<Row> rows, StateFingerprint before, StateFingerprint after) {

		boolean unchanged() {
			return before.equals(after);
		}

		String stateDifference() {
			return this.before.difference(this.after);
		}

	}

}
