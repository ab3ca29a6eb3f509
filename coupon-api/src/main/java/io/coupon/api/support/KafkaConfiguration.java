package io.coupon.api.support;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	@Bean
	NewTopic couponIssuedTopic(CouponProperties properties) {
		CouponProperties.Topic topic = properties.topic();
		return TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicas()).build();
	}

	/**
	 * Where a new replica's warm-up publishes (io.coupon.api.issue.IssuePathWarmUp). No service consumes it; an hour of
	 * retention keeps it small.
	 */
	@Bean
	NewTopic warmUpTopic(CouponProperties properties) {
		return TopicBuilder.name(properties.warmUp().topic())
			.partitions(1)
			.replicas(properties.topic().replicas())
			.config("retention.ms", Long.toString(Duration.ofHours(1).toMillis()))
			.build();
	}

	/**
	 * Fetches the topic's metadata before the replica takes traffic. A cold producer makes the first sends wait for
	 * it, and a burst of first requests on a cold JVM can wait past {@code max.block.ms}: each such request then
	 * fails and is withdrawn. A broker that is down at start only costs a warning: issuing answers 503 until it is
	 * back.
	 */
	@Bean
	SmartInitializingSingleton kafkaProducerWarmUp(KafkaTemplate<String, String> kafka, CouponProperties properties) {
		return () -> {
			try {
				int partitions = kafka.partitionsFor(properties.topic().name()).size();
				log.info("Producer ready: topic {} has {} partitions", properties.topic().name(), partitions);
			}
			catch (RuntimeException ex) {
				log.warn("Kafka did not answer at start; issuing answers 503 until it does: {}", ex.toString());
			}
		};
	}

}
