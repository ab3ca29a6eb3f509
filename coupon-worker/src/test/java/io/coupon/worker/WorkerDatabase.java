package io.coupon.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.coupon.infra.TestInfrastructure;

/**
 * Administers the test database as its administrator: creates the account the worker connects with, and breaks the
 * database for the worker for real (no mock) in two ways:
 * <ul>
 * <li>{@link #refuseWorkerConnections()}: locks the worker's account and kills its open connections, so that
 * in-flight statements fail and every new connection is refused, as when the database is down or restarting;</li>
 * <li>{@link #lockIssuedCouponTable()}: {@code LOCK TABLES issued_coupon WRITE} from another session, so that the
 * worker's INSERT waits for the table lock and fails with "Lock wait timeout exceeded" (error 1205) after the
 * worker's {@code lock_wait_timeout}, a genuine transient database error.</li>
 * </ul>
 */
final class WorkerDatabase {

	static final String WORKER_USER = "coupon_worker_it";

	// The worker may arrive over TCP as 'localhost', '127.0.0.1' or anything else depending on name resolution;
	// one account per host form keeps anonymous accounts from shadowing it.
	private static final List<String> HOSTS = List.of("%", "localhost", "127.0.0.1");

	private static String workerPassword;

	private WorkerDatabase() {
	}

	/** The worker account's password, creating the account with every privilege on the test schema. */
	static synchronized String workerPassword() {
		if (workerPassword == null) {
			String password = UUID.randomUUID().toString();
			try (Connection connection = admin(); Statement statement = connection.createStatement()) {
				String schema = schema(connection);
				for (String host : HOSTS) {
					String account = account(host);
					statement.execute("CREATE USER IF NOT EXISTS " + account);
					statement.execute("ALTER USER " + account + " IDENTIFIED BY '" + password + "' ACCOUNT UNLOCK");
					statement.execute("GRANT ALL PRIVILEGES ON `" + schema + "`.* TO " + account);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not create the worker's database account", ex);
			}
			workerPassword = password;
		}
		return workerPassword;
	}

	/** Locks the worker's account and kills its connections: the database is gone as far as the worker sees. */
	static void refuseWorkerConnections() throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			for (String host : HOSTS) {
				statement.execute("ALTER USER " + account(host) + " ACCOUNT LOCK");
			}
			List<Long> ids = new ArrayList<>();
			try (PreparedStatement query = connection
				.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
				query.setString(1, WORKER_USER);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getLong(1));
					}
				}
			}
			for (long id : ids) {
				try {
					statement.execute("KILL CONNECTION " + id);
				}
				catch (SQLException ex) {
					// Already gone: that is the goal.
				}
			}
		}
	}

	static void acceptWorkerConnections() throws SQLException {
		try (Connection connection = admin(); Statement statement = connection.createStatement()) {
			for (String host : HOSTS) {
				statement.execute("ALTER USER " + account(host) + " ACCOUNT UNLOCK");
			}
		}
	}

	/** Holds a write lock on issued_coupon until closed. */
	static TableLock lockIssuedCouponTable() throws SQLException {
		Connection connection = admin();
		try (Statement statement = connection.createStatement()) {
			statement.execute("LOCK TABLES issued_coupon WRITE");
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return new TableLock(connection);
	}

	/** Counts rows as the administrator, so that the count works while the worker is locked out. */
	static long countRows(long couponId) throws SQLException {
		try (Connection connection = admin()) {
			return countRows(connection, couponId);
		}
	}

	private static long countRows(Connection connection, long couponId) throws SQLException {
		try (PreparedStatement query = connection
			.prepareStatement("SELECT COUNT(*) FROM issued_coupon WHERE coupon_id = ?")) {
			query.setLong(1, couponId);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static Connection admin() throws SQLException {
		return DriverManager.getConnection(TestInfrastructure.jdbcUrl(), TestInfrastructure.dbUsername(),
				TestInfrastructure.dbPassword());
	}

	private static String schema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT DATABASE()")) {
			rows.next();
			String schema = rows.getString(1);
			if (schema == null) {
				throw new IllegalStateException("The test JDBC URL names no database");
			}
			return schema;
		}
	}

	private static String account(String host) {
		return "'" + WORKER_USER + "'@'" + host + "'";
	}

	static final class TableLock implements AutoCloseable {

		private final Connection connection;

		private TableLock(Connection connection) {
			this.connection = connection;
		}

		/** Counts through the session that holds the lock: other sessions would wait for it. */
		long countRows(long couponId) throws SQLException {
			return WorkerDatabase.countRows(this.connection, couponId);
		}

		@Override
		public void close() throws SQLException {
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("UNLOCK TABLES");
			}
			finally {
				this.connection.close();
			}
		}

	}

}
