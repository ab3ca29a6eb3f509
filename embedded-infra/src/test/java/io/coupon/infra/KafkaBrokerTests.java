package io.coupon.infra;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTests {

	@Test
	void shouldConfigureASingleCombinedNode() throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(KafkaBroker.serverProperties(19092, 19093, Path.of("/data/kafka"))));

		assertThat(properties).containsEntry("process.roles", "broker,controller")
			.containsEntry("node.id", "1")
			.containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
			.containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
			.containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
			.containsEntry("log.dirs", "/data/kafka")
			.containsEntry("offsets.topic.replication.factor", "1")
			.containsEntry("transaction.state.log.replication.factor", "1")
			.containsEntry("transaction.state.log.min.isr", "1")
			.containsEntry("share.coordinator.state.topic.replication.factor", "1")
			.containsEntry("group.initial.rebalance.delay.ms", "0");
	}

}
