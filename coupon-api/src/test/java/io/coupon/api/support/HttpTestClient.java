package io.coupon.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the tests, on the JDK's HttpClient: what a real client sends. */
public final class HttpTestClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String baseUrl;

	public HttpTestClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	public Response post(String path, String contentType, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		headers.forEach(request::header);
		return send(request);
	}

	public Response method(String method, String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.method(method, HttpRequest.BodyPublishers.noBody()));
	}

	public Response issue(long couponId, String userId) {
		return post("/api/v1/coupons/" + couponId + "/issue", null, null,
				(userId != null) ? Map.of("X-USER-ID", userId) : Map.of());
	}

	public long createCoupon(String body) {
		Response created = post("/api/v1/coupons", "application/json", body, Map.of());
		if (created.status() != 201) {
			throw new IllegalStateException("Coupon not created: " + created);
		}
		return created.json().get("id").asLong();
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

		public JsonNode json() {
			return json.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

		/** The last segment of the problem type URI, e.g. {@code sold-out}. */
		public String problemType() {
			JsonNode type = json().get("type");
			if (type == null) {
				throw new AssertionError("Not a problem detail (" + this.status + "): " + this.body);
			}
			return type.asString().substring(type.asString().lastIndexOf('/') + 1);
		}

	}

}
