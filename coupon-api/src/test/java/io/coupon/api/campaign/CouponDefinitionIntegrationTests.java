package io.coupon.api.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.coupon.api.support.HttpTestClient;
import io.coupon.api.support.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coupon definition is stored exactly as written or refused with 400 naming the field, and nothing is stored. The
 * application's Jackson settings are made as permissive as {@code spring.jackson.*} allows, to show that they do not
 * reach the body reader.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.jackson.deserialization.fail-on-unknown-properties=false",
				"spring.jackson.deserialization.fail-on-trailing-tokens=false",
				"spring.jackson.deserialization.accept-float-as-int=true",
				"spring.jackson.deserialization.accept-single-value-as-array=true",
				"spring.jackson.mapper.allow-coercion-of-scalars=true",
				"spring.jackson.mapper.accept-case-insensitive-properties=true",
				"spring.jackson.json.read.allow-single-quotes=true", "spring.jackson.json.read.allow-java-comments=true",
				"spring.jackson.json.read.allow-trailing-comma=true" })
class CouponDefinitionIntegrationTests {

	private static final String COUPONS = "/api/v1/coupons";

	private static final String FUTURE = "2030-01-01T00:00:00Z";

	private static final DateTimeFormatter DATETIME_6 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		RealInfrastructure.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper applicationMapper;

	HttpTestClient client;

	@BeforeEach
	void client() {
		this.client = new HttpTestClient("http://127.0.0.1:" + this.port);
	}

	@Test
	void shouldStoreADefinitionExactlyAsWritten() {
		Instant startsAt = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MICROS);
		Instant endsAt = startsAt.plus(Duration.ofHours(2)).plusNanos(1_000);
		String name = "Flash  sale 🎟 선착순 " + "x".repeat(80);
		String body = """
				{"name":"%s","totalQuantity":12345,"issueStartsAt":"%s","issueEndsAt":"%s"}"""
			.formatted(name, startsAt.atOffset(ZoneOffset.ofHours(9)), endsAt);

		HttpTestClient.Response created = this.client.post(COUPONS, "application/json; charset=utf-8", body, Map.of());

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		JsonNode stored = this.client.get(COUPONS + "/" + id).json();
		assertThat(stored.get("name").asString()).isEqualTo(name);
		assertThat(stored.get("totalQuantity").asInt()).isEqualTo(12345);
		assertThat(Instant.parse(stored.get("issueStartsAt").asString())).isEqualTo(startsAt);
		assertThat(Instant.parse(stored.get("issueEndsAt").asString())).isEqualTo(endsAt);
		assertThat(this.jdbc.sql("SELECT name FROM coupon WHERE id = ?").param(id).query(String.class).single())
			.isEqualTo(name);
		assertThat(this.jdbc
			.sql("SELECT DATE_FORMAT(issue_ends_at, '%Y-%m-%dT%H:%i:%s.%f') FROM coupon WHERE id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo(DATETIME_6.format(endsAt));
	}

	@Test
	void shouldRefuseEveryDefinitionThatIsNotExactlyServableAndStoreNothing() {
		Map<String, String> refusals = Map.ofEntries(
				// The issue's report: a typo in a property name opened the sale at once.
				Map.entry("{\"name\":\"flash\",\"totalQuantity\":10,\"issueStartAt\":\"" + FUTURE + "\"}",
						"issueStartAt: unknown property"),
				Map.entry("{\"name\":\"x\",\"TotalQuantity\":10}", "TotalQuantity: unknown property"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"totalQuantity\":11}",
						"Duplicate Object property \"totalQuantity\""),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10.7}", "totalQuantity: expected a JSON integer"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10.0}", "totalQuantity: expected a JSON integer"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":1e3}", "totalQuantity: expected a JSON integer"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":\"10\"}", "totalQuantity: expected a JSON integer"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":[10]}", "totalQuantity: expected a JSON integer"),
				Map.entry("{\"name\":5,\"totalQuantity\":10}", "name: expected a JSON string"),
				Map.entry("{\"id\":7,\"name\":\"x\",\"totalQuantity\":10}", "id: set by the server"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issuedQuantity\":0}", "issuedQuantity: set by the server"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"remainingQuantity\":10}",
						"remainingQuantity: set by the server"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueStartsAt\":\"2030-01-01T00:00:00\"}",
						"issueStartsAt: expected an ISO-8601 date-time with an offset"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueStartsAt\":1893456000}",
						"issueStartsAt: expected an ISO-8601 date-time with an offset"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueStartsAt\":\"2030-01-01T00:00:00.123456789Z\"}",
						"issueStartsAt: finer than a microsecond"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueStartsAt\":\"2020-01-01T00:00:00Z\"}",
						"issueStartsAt: 2020-01-01T00:00:00Z has passed"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueEndsAt\":\"2020-01-01T00:00:00Z\"}",
						"issueEndsAt: 2020-01-01T00:00:00Z has passed"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueStartsAt\":\"2030-01-02T00:00:00Z\","
						+ "\"issueEndsAt\":\"" + FUTURE + "\"}", "issueEndsAt: must be after issueStartsAt"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,\"issueEndsAt\":\"+10000-01-01T00:00:00Z\"}",
						"issueEndsAt: after 9999-12-31T23:59:59.999999Z"),
				Map.entry("{\"name\":\" flash\",\"totalQuantity\":10}", "name: must not start or end with white space"),
				Map.entry("{\"name\":\"flash\\nsale\",\"totalQuantity\":10}", "name: must not contain control characters"),
				Map.entry("{\"name\":\"" + "x".repeat(101) + "\",\"totalQuantity\":10}",
						"name: at most 100 characters, got 101"),
				Map.entry("{\"name\":\"\",\"totalQuantity\":10}", "name: must not be blank"),
				Map.entry("{\"name\":null,\"totalQuantity\":10}", "name: required"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":null}", "totalQuantity: required"),
				Map.entry("{\"name\":\"x\"}", "totalQuantity: required"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":0}", "totalQuantity: must be from 1 to 100000000"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":100000001}", "totalQuantity: must be from 1 to 100000000"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":99999999999}", "totalQuantity: Numeric value"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10} {}", "body (line 1, column"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10,}", "body (line 1, column"),
				Map.entry("{'name':'x','totalQuantity':10}", "body (line 1, column"),
				Map.entry("{\"name\":\"x\",\"totalQuantity\":10 /* stock */}", "body (line 1, column"),
				Map.entry("[{\"name\":\"x\",\"totalQuantity\":10}]", "body: expected a JSON object, got an array"),
				Map.entry("null", "body: expected a JSON object, got null"),
				Map.entry("\"flash\"", "body: expected a JSON object, got a string"), Map.entry("{not json", "body"),
				Map.entry("", "body: empty"));
		long before = couponCount();

		refusals.forEach((body, detail) -> {
			HttpTestClient.Response response = this.client.post(COUPONS, "application/json", body, Map.of());
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.problemType()).as(body).isEqualTo("invalid-request");
			assertThat(response.json().get("detail").asString()).as(body).contains(detail);
		});
		assertThat(couponCount()).as("no refused definition was stored").isEqualTo(before);
	}

	@Test
	void shouldRefuseWhatTheApplicationsPermissiveMapperWouldAccept() {
		String typo = "{\"name\":\"flash\",\"totalQuantity\":10,\"issueStartAt\":\"" + FUTURE + "\"}";
		String fraction = "{'name':'flash','totalQuantity':10.7,}";
		assertThat(this.applicationMapper.readValue(typo, CreateCouponRequest.class).issueStartsAt())
			.as("the application's mapper drops the misspelt start").isNull();
		assertThat(this.applicationMapper.readValue(fraction, CreateCouponRequest.class).totalQuantity())
			.as("the application's mapper truncates 10.7").isEqualTo(10);
		long before = couponCount();

		for (String body : List.of(typo, fraction)) {
			HttpTestClient.Response response = this.client.post(COUPONS, "application/json", body, Map.of());
			assertThat(response.status()).as(body).isEqualTo(400);
		}
		assertThat(couponCount()).isEqualTo(before);
	}

	@Test
	void shouldRefuseACharsetOtherThanUtf8() {
		long before = couponCount();

		HttpTestClient.Response response = this.client.post(COUPONS, "application/json; charset=ISO-8859-1",
				"{\"name\":\"caf\u00e9\",\"totalQuantity\":10}", Map.of());

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.problemType()).isEqualTo("unsupported-media-type");
		assertThat(couponCount()).isEqualTo(before);
	}

	@Test
	void shouldRefuseQueryParametersAndPathParametersNoEndpointReads() {
		long coupon = this.client.createCoupon("{\"name\":\"parameters\",\"totalQuantity\":5}");
		long before = couponCount();

		HttpTestClient.Response create = this.client.post(COUPONS + "?totalQuantity=5", "application/json",
				"{\"name\":\"x\",\"totalQuantity\":10}", Map.of());
		HttpTestClient.Response issue = this.client.post(COUPONS + "/" + coupon + "/issue?userId=2", null, null,
				Map.of("X-USER-ID", "1"));
		HttpTestClient.Response describe = this.client.get(COUPONS + "/" + coupon + ";version=2");

		assertThat(create.status()).isEqualTo(400);
		assertThat(create.json().get("detail").asString())
			.isEqualTo("totalQuantity: unknown query parameter; this endpoint takes none");
		assertThat(issue.status()).isEqualTo(400);
		assertThat(issue.json().get("detail").asString()).startsWith("userId: unknown query parameter");
		assertThat(describe.status()).isEqualTo(400);
		assertThat(describe.problemType()).isEqualTo("invalid-request");
		assertThat(couponCount()).isEqualTo(before);
		assertThat(this.client.get(COUPONS + "/" + coupon).json().get("issuedQuantity").asLong()).isZero();
	}

	/** Each a spelling of an existing coupon's id that Long.parseLong or a lenient reader would take as that id. */
	@ParameterizedTest
	@ValueSource(strings = { "0{id}", "+{id}", "{id}.0", "{id}e0", "{id}%20", "%20{id}" })
	void shouldRefuseACouponIdThatIsNotPlainDecimal(String spelling) {
		long coupon = this.client.createCoupon("{\"name\":\"ids\",\"totalQuantity\":5}");
		String couponId = spelling.replace("{id}", Long.toString(coupon));

		for (HttpTestClient.Response response : List.of(this.client.get(COUPONS + "/" + couponId),
				this.client.post(COUPONS + "/" + couponId + "/issue", null, null, Map.of("X-USER-ID", "1")))) {
			assertThat(response.status()).as(couponId).isEqualTo(400);
			assertThat(response.problemType()).as(couponId).isEqualTo("invalid-request");
		}
		assertThat(this.client.get(COUPONS + "/" + coupon).json().get("issuedQuantity").asLong()).isZero();
	}

	private long couponCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM coupon").query(Long.class).single();
	}

}
