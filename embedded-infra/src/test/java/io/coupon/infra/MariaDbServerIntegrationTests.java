package io.coupon.infra;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbServerIntegrationTests {

	@TempDir
	Path baseDir;

	@Test
	void shouldServeJdbcAndKeepDataAcrossRestartsOnTheSameDirectory() throws SQLException {
		int port = FreePorts.find();
		long firstPid;
		try (MariaDbServer db = MariaDbServer.start(port, this.baseDir, "coupon")) {
			firstPid = db.pid();
			assertThat(db.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:" + port + "/coupon");
			assertThat(db.username()).isEqualTo("root");
			assertThat(db.password()).isEmpty();
			assertThat(Processes.commandLine(firstPid)).contains("mariadbd");
			try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE coupon (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)"
						+ " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4");
				try (PreparedStatement insert = connection
					.prepareStatement("INSERT INTO coupon (id, name) VALUES (?, ?)")) {
					insert.setLong(1, 1);
					insert.setString(2, "선착순 쿠폰 🎟");
					insert.executeUpdate();
					insert.setLong(1, 2);
					insert.setString(2, "second");
					insert.executeUpdate();
				}
				assertThat(names(connection)).containsExactly("선착순 쿠폰 🎟", "second");
				try (ResultSet charset = statement.executeQuery("SELECT @@character_set_server, VERSION()")) {
					assertThat(charset.next()).isTrue();
					assertThat(charset.getString(1)).isEqualTo("utf8mb4");
					assertThat(charset.getString(2)).startsWith("11.4");
				}
			}
		}
		assertThat(Processes.isAlive(firstPid)).isFalse();

		int secondPort = FreePorts.find();
		try (MariaDbServer db = MariaDbServer.start(secondPort, this.baseDir, "coupon")) {
			assertThat(db.pid()).isNotEqualTo(firstPid);
			try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
				assertThat(names(connection)).containsExactly("선착순 쿠폰 🎟", "second");
			}
		}
	}

	@Test
	void shouldCreateTheRequestedDatabase() throws SQLException {
		try (MariaDbServer db = MariaDbServer.start(FreePorts.find(), this.baseDir, "lab_results")) {
			assertThat(db.jdbcUrl()).endsWith("/lab_results");
			try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString(1)).isEqualTo("lab_results");
			}
		}
	}

	private static List<String> names(Connection connection) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT name FROM coupon ORDER BY id")) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
