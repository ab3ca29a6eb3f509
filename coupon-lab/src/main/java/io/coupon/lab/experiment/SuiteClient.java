package io.coupon.lab.experiment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.coupon.lab.RunningSuite;
import io.coupon.lab.TokenMinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the experiments and fault runs ask of the suite besides the load: coupons through the gateway's API, and the issued rows
 * straight from MySQL.
 */
public final class SuiteClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final RunningSuite suite;

	public SuiteClient(RunningSuite suite) {
		this.suite = suite;
	}

	/** Creates a coupon open from now on and returns its id. */
	public long createCoupon(String name, long stock) {
		String body = json.writeValueAsString(java.util.Map.of("name", name, "totalQuantity", stock));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.suite.gatewayUrl() + "/api/v1/coupons"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", adminBearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 201) {
			throw new IllegalStateException(
					"Creating coupon '" + name + "' answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body()).get("id").asLong();
	}

	/** How many users hold a slot of the coupon, as Redis counts them. */
	public long issuedQuantity(long couponId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.suite.gatewayUrl() + "/api/v1/coupons/" + couponId))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", adminBearer())
			.GET()
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Reading coupon " + couponId + " answered " + response.statusCode() + ": "
					+ response.body());
		}
		JsonNode coupon = json.readTree(response.body());
		return coupon.get("issuedQuantity").asLong();
	}

	// The lab acts as the sale's operator: creating coupons needs the admin scope.
	private String adminBearer() {
		return TokenMinter.bearer(this.suite.tokens().admin());
	}

	public long rowCount(long couponId) {
		return query("SELECT COUNT(*) FROM issued_coupon WHERE coupon_id = ?", couponId).getFirst();
	}

	/** The user id of every issued_coupon row of the coupon, one entry per row. */
	public List<Long> rowUserIds(long couponId) {
		return query("SELECT user_id FROM issued_coupon WHERE coupon_id = ?", couponId);
	}

	private List<Long> query(String sql, long couponId) {
		try (Connection connection = DriverManager.getConnection(this.suite.jdbcUrl(), this.suite.dbUsername(),
				this.suite.dbPassword()); PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, couponId);
			List<Long> values = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getLong(1));
				}
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the issued coupons from " + this.suite.jdbcUrl(), ex);
		}
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
