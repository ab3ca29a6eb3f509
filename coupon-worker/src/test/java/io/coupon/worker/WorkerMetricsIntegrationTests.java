package io.coupon.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker's own meters and the Kafka consumer's, as Prometheus scrapes them. */
class WorkerMetricsIntegrationTests extends WorkerIntegrationTestSupport {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldCountInsertedRowsApartFromDuplicates() throws Exception {
		// Every partition assigned and every earlier record written: no rebalance or other test's batch can add to the
		// counters between the two readings.
		await("all partitions assigned").atMost(Duration.ofSeconds(30))
			.until(() -> listenerContainer().getAssignedPartitions().size() == PARTITIONS);
		awaitAllCommitted();
		double insertedBefore = counter("coupon.worker.rows.inserted");
		double duplicatesBefore = counter("coupon.worker.rows.duplicate");
		long couponId = newCouponId();
		String testRun = newTestRun();

		send(issuedToUsers(couponId, 1, 20, testRun));
		await("first records written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(20));
		// Users 1 to 5 again, as a republished issuance arrives, and five new users.
		List<ProducerRecord<byte[], byte[]>> again = new ArrayList<>(issuedToUsers(couponId, 1, 5, testRun));
		again.addAll(issuedToUsers(couponId, 21, 25, testRun));
		send(again);
		await("second records written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(25));
		awaitAllCommitted();

		assertThat(counter("coupon.worker.rows.inserted") - insertedBefore)
			.as("inserted counts the 25 rows written, not the 30 records").isEqualTo(25);
		assertThat(counter("coupon.worker.rows.duplicate") - duplicatesBefore)
			.as("the 5 repeated users inserted nothing").isEqualTo(5);
		assertOneRowPerUser(couponId, users(1, 25));
	}

	@Test
	void shouldExposeBatchRowAndConsumerLagMetricsToPrometheus() throws Exception {
		long couponId = newCouponId();
		send(issuedToUsers(couponId, 1, 10, newTestRun()));
		await("records written").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.repository.countByCouponId(couponId)).isEqualTo(10));

		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		List<String> lines = scrape.body().lines().toList();
		assertThat(value(sample(lines, "coupon_worker_batch_size_count{"))).isGreaterThanOrEqualTo(1);
		assertThat(sample(lines, "coupon_worker_batch_size_bucket{")).as("a histogram").isNotNull();
		assertThat(value(sample(lines, "coupon_worker_rows_inserted_total{"))).isGreaterThanOrEqualTo(10);
		assertThat(sample(lines, "coupon_worker_rows_duplicate_total{")).isNotNull();
		// Kafka reports NaN until the first fetch has been measured: only the series' presence is certain.
		assertThat(sample(lines, "kafka_consumer_fetch_manager_records_lag_max{")).contains("client_id=");
	}

	/** The first sample whose line starts with the prefix; every sample names the application. */
	private static String sample(List<String> scrape, String prefix) {
		String line = scrape.stream()
			.filter((candidate) -> candidate.startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No sample " + prefix + " in the scrape"));
		assertThat(line).contains("application=\"coupon-worker\"");
		return line;
	}

	private static double value(String sample) {
		return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
	}

	private double counter(String name) {
		return this.meterRegistry.get(name).counter().count();
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
