package io.coupon.api.warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import io.coupon.api.CouponApiApplication;
import io.coupon.api.support.HttpTestClient;
import io.coupon.infra.FreePorts;
import io.coupon.infra.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica that is still warming up is neither ready nor UP in Eureka, while its web server already answers; both
 * follow as soon as the warm-up ends. A step that the test holds stands in for a slow warm-up.
 */
class WarmUpBeforeReadyIntegrationTests {

	@Test
	void shouldReportNeitherReadyNorUpUntilTheWarmUpEnded() throws Exception {
		HeldStep held = new HeldStep();
		int port = FreePorts.find();
		SpringApplicationBuilder replica = new SpringApplicationBuilder(CouponApiApplication.class)
			.initializers((context) -> {
				held.context = context;
				context.getBeanFactory().registerSingleton("heldWarmUpStep", held);
			});
		// Command-line arguments, because the builder's properties are only defaults, below application.yml.
		String[] arguments = { "--server.port=" + port, "--coupon.redis-url=" + TestInfrastructure.redisUrl(),
				"--spring.datasource.url=" + TestInfrastructure.jdbcUrl(),
				"--spring.datasource.username=" + TestInfrastructure.dbUsername(),
				"--spring.datasource.password=" + TestInfrastructure.dbPassword(),
				"--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
				// The Eureka client runs, so that its status can be read; no server listens there.
				"--eureka.client.enabled=true",
				"--eureka.client.service-url.defaultZone=http://127.0.0.1:" + FreePorts.find() + "/eureka/",
				"--coupon.issue.reconcile-interval=1h", "--coupon.warm-up.timeout=90s" };
		CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture
			.supplyAsync(() -> replica.run(arguments));
		ConfigurableApplicationContext context = null;
		try {
			await().atMost(Duration.ofSeconds(120)).until(() -> held.entered.getCount() == 0 || started.isDone());
			assertThat(held.entered.getCount()).as("the warm-up reached the held step").isZero();
			HttpTestClient client = new HttpTestClient("http://127.0.0.1:" + port);
			ApplicationInfoManager eureka = held.context.getBean(ApplicationInfoManager.class);

			assertThat(client.get("/api/v1/instance").status()).as("the web server already answers").isEqualTo(200);
			assertThat(client.get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(client.get("/actuator/health").status()).as("what the lab waits for").isEqualTo(503);
			assertThat(eureka.getInfo().getStatus()).isEqualTo(InstanceStatus.STARTING);
			assertThat(started).isNotDone();

			held.release.countDown();
			context = started.get(60, TimeUnit.SECONDS);

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(client.get("/actuator/health/readiness").status()).isEqualTo(200));
			assertThat(client.get("/actuator/health").status()).isEqualTo(200);
			assertThat(eureka.getInfo().getStatus()).isEqualTo(InstanceStatus.UP);
		}
		finally {
			held.release.countDown();
			if (context == null) {
				context = started.get(60, TimeUnit.SECONDS);
			}
			context.close();
		}
	}

	/** A warm-up step that waits until the test lets it end. */
	static final class HeldStep implements WarmUpStep {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile ConfigurableApplicationContext context;

		@Override
		public String name() {
			return "held-by-test";
		}

		@Override
		public String run(Instant deadline) {
			this.entered.countDown();
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "released";
		}

	}

}
