package io.coupon.worker.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class CouponPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void shouldDefaultEveryKnob() {
		this.contextRunner.run((context) -> {
			CouponProperties properties = context.getBean(CouponProperties.class);
			assertThat(properties.topic().name()).isEqualTo("coupon.issued");
			assertThat(properties.topic().deadLetterName()).isEqualTo("coupon.issued.DLT");
			assertThat(properties.topic().partitions()).isEqualTo(6);
			assertThat(properties.topic().replicas()).isEqualTo(1);
			assertThat(properties.listener().concurrency()).isEqualTo(2);
			assertThat(properties.listener().maxPollRecords()).isEqualTo(500);
			assertThat(properties.retry().initialInterval()).isEqualTo(Duration.ofMillis(500));
			assertThat(properties.retry().multiplier()).isEqualTo(2.0);
			assertThat(properties.retry().maxInterval()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void shouldBindOverrides() {
		this.contextRunner
			.withPropertyValues("coupon.topic.name=issued", "coupon.topic.dead-letter-suffix=-dlt",
					"coupon.topic.partitions=12", "coupon.listener.max-poll-records=100",
					"coupon.retry.max-interval=30s")
			.run((context) -> {
				CouponProperties properties = context.getBean(CouponProperties.class);
				assertThat(properties.topic().deadLetterName()).isEqualTo("issued-dlt");
				assertThat(properties.topic().partitions()).isEqualTo(12);
				assertThat(properties.listener().maxPollRecords()).isEqualTo(100);
				assertThat(properties.retry().maxInterval()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void shouldRejectInvalidValues() {
		this.contextRunner.withPropertyValues("coupon.topic.partitions=0").run((context) -> assertThat(context)
			.hasFailed());
		this.contextRunner.withPropertyValues("coupon.topic.name= ").run((context) -> assertThat(context).hasFailed());
		this.contextRunner.withPropertyValues("coupon.listener.max-poll-records=10001")
			.run((context) -> assertThat(context).hasFailed());
		this.contextRunner.withPropertyValues("coupon.retry.multiplier=0.5")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CouponProperties.class)
	static class PropertiesConfiguration {

	}

}
