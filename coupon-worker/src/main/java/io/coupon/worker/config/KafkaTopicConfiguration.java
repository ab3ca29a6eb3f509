package io.coupon.worker.config;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares the topics so that KafkaAdmin creates them at startup, or adds partitions when the configured count
 * grew; it never shrinks a topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicConfiguration {

	@Bean
	NewTopic couponIssuedTopic(CouponProperties properties) {
		CouponProperties.Topic topic = properties.topic();
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicas())
			.build();
	}

	@Bean
	NewTopic couponIssuedDeadLetterTopic(CouponProperties properties) {
		CouponProperties.Topic topic = properties.topic();
		// Same partition count: a dead-lettered record goes to the partition it came from.
		return TopicBuilder.name(topic.deadLetterName())
			.partitions(topic.partitions())
			.replicas(topic.replicas())
			.build();
	}

}
