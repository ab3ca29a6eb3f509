package io.coupon.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void shouldCreateTopicsAndDeliverRecordsFromASeparateJvm() throws Exception {
		int port = FreePorts.find();
		long pid;
		try (KafkaBroker broker = KafkaBroker.start(port, FreePorts.find(), this.dir.resolve("data"))) {
			pid = broker.pid();
			assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
			assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(Processes.commandLine(pid)).contains("java").contains(KafkaChildMain.class.getName());

			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("coupon-issued", 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
				assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("coupon-issued");
			}

			try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
					ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
					"all"), new StringSerializer(), new StringSerializer())) {
				for (int i = 0; i < 10; i++) {
					producer.send(new ProducerRecord<>("coupon-issued", "user-" + i, "coupon-1:user-" + i))
						.get(30, TimeUnit.SECONDS);
				}
			}

			List<String> received = new ArrayList<>();
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
					ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
					"infra-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
					new StringDeserializer())) {
				consumer.subscribe(Set.of("coupon-issued"));
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (received.size() < 10 && System.nanoTime() < deadline) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
						received.add(record.value());
					}
				}
			}
			assertThat(received).hasSize(10).contains("coupon-1:user-0", "coupon-1:user-9");
		}
		assertThat(Processes.isAlive(pid)).isFalse();
		assertThat(this.dir.resolve("kafka.log")).content().contains("Kafka Server started");
	}

}
