package io.coupon.lab.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.coupon.infra.FreePorts;
import io.coupon.infra.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The lab's Redis probe reads a real Redis through every kind of URL the lab accepts: plain, with a password, and
 * over TLS with a password. One server serves all three (a plain port and a TLS port, requirepass set at run time).
 */
class RedisProbeIntegrationTests {

	private static final String PASSWORD = "probe-test-password";

	@TempDir
	static Path dir;

	private static RedisServer redis;

	private static int tlsPort;

	@BeforeAll
	static void startRedisWithTlsAndAPassword() throws Exception {
		redis = RedisServer.start(FreePorts.find(), dir.resolve("redis"));
		Path certificate = dir.resolve("redis.crt");
		Path key = dir.resolve("redis.key");
		writeSelfSignedCertificate(certificate, key);
		tlsPort = FreePorts.find();
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			commands.set("coupon:7:stock", "100");
			commands.sadd("coupon:7:users", "2", "1");
			commands.hset("coupon:7:lock", "holder-a", "1");
			commands.pexpire("coupon:7:lock", 60_000);
			commands.set(RedisProbe.RATE_LIMIT_PREFIX + "1.tokens", "9");
			commands.configSet("tls-cert-file", certificate.toString());
			commands.configSet("tls-key-file", key.toString());
			commands.configSet("tls-auth-clients", "no");
			commands.configSet("tls-port", Integer.toString(tlsPort));
			commands.configSet("requirepass", PASSWORD);
		}
		finally {
			client.shutdown();
		}
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void shouldReadTheKeyspaceWithAPasswordInTheUrl() {
		try (RedisProbe probe = new RedisProbe("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port())) {
			assertThat(probe.keyspace()).as("the sale's keys, without the rate limiter's")
				.containsEntry("coupon:7:stock", "string 100")
				.containsEntry("coupon:7:users", "set [1, 2]")
				.containsEntry("coupon:7:lock", "hash [holder-a=1]")
				.hasSize(3);
			assertThat(probe.hashFields("coupon:7:lock")).containsExactly("holder-a");
			assertThat(probe.pttl("coupon:7:lock")).isBetween(1L, 60_000L);
		}
	}

	@Test
	void shouldReadOverTlsWithAPassword() {
		// The server's certificate is self-signed for this test: the URL says not to verify the peer.
		try (RedisProbe probe = new RedisProbe(
				"rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort + "?verifyPeer=NONE")) {
			assertThat(probe.keyspace()).containsEntry("coupon:7:stock", "string 100").hasSize(3);
		}
	}

	@Test
	void shouldSayWhichRedisRefusedAMissingPasswordWithoutPrintingOne() {
		assertThatIllegalStateException().isThrownBy(() -> new RedisProbe("redis://127.0.0.1:" + redis.port()))
			.withMessageContaining("Could not read Redis at redis://127.0.0.1:" + redis.port())
			.withMessageContaining("NOAUTH");
		assertThatIllegalStateException()
			.isThrownBy(() -> new RedisProbe("redis://:wrong-password@127.0.0.1:" + redis.port()))
			.withMessageContaining("Could not read Redis at redis://127.0.0.1:" + redis.port())
			.withMessageNotContaining("wrong-password");
	}

	/** A throw-away RSA key and certificate for 127.0.0.1, made with the JDK's keytool, written as PEM for Redis. */
	private static void writeSelfSignedCertificate(Path certificate, Path key) throws Exception {
		Path store = dir.resolve("redis.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "redis", "-keyalg", "RSA",
				"-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit"))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool ended").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (var in = Files.newInputStream(store)) {
			keyStore.load(in, "changeit".toCharArray());
		}
		PrivateKey privateKey = (PrivateKey) keyStore.getKey("redis", "changeit".toCharArray());
		Certificate cert = keyStore.getCertificate("redis");
		Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
		Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

}
