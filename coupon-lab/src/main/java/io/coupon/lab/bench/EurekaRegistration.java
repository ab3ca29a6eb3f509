package io.coupon.lab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one instance in the registry through Eureka's REST API, as a replica's Eureka client does: registers it UP,
 * renews its lease every 5 s (the replicas' lease-renewal-interval), registers it again if the registry forgot it,
 * and cancels it on {@link #close()}.
 */
final class EurekaRegistration implements AutoCloseable {

	/** The replicas' lease settings (coupon-api's application.yml). */
	static final int RENEWAL_SECONDS = 5;

	static final int EXPIRATION_SECONDS = 15;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI appUri;

	private final String authorization;

	private final String application;

	private final String instanceId;

	private final int port;

	private final ScheduledExecutorService heartbeat = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("eureka-heartbeat").factory());

	/**
	 * @param eurekaUrl {@code http://user:password@host:port/eureka/}
	 * @param application the application name the gateway routes to ({@code lb://coupon-api})
	 */
	EurekaRegistration(String eurekaUrl, String application, String instanceId, int port) {
		URI base = URI.create(eurekaUrl.endsWith("/") ? eurekaUrl : eurekaUrl + "/");
		String userInfo = base.getRawUserInfo();
		this.authorization = (userInfo != null)
				? "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)) : null;
		this.appUri = URI.create(base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + base.getPath()
				+ "apps/" + application.toUpperCase(java.util.Locale.ROOT));
		this.application = application;
		this.instanceId = instanceId;
		this.port = port;
	}

	/** Registers now (failing if the registry refuses), then renews in the background. */
	void start() throws IOException {
		register();
		this.heartbeat.scheduleAtFixedRate(this::renew, RENEWAL_SECONDS, RENEWAL_SECONDS, TimeUnit.SECONDS);
	}

	/** The instance as Eureka's JSON codec reads it: a minimal InstanceInfo. */
	String instanceJson() {
		String address = "127.0.0.1";
		return """
				{"instance":{"instanceId":"%s","hostName":"%s","app":"%s","ipAddr":"%s","status":"UP",\
				"overriddenStatus":"UNKNOWN","port":{"$":%d,"@enabled":"true"},"securePort":{"$":443,"@enabled":"false"},\
				"countryId":1,"dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",\
				"name":"MyOwn"},"leaseInfo":{"renewalIntervalInSecs":%d,"durationInSecs":%d},\
				"vipAddress":"%s","secureVipAddress":"%s","homePageUrl":"http://%s:%d/",\
				"statusPageUrl":"http://%s:%d/actuator/info","healthCheckUrl":"http://%s:%d/actuator/health",\
				"metadata":{"management.port":"%d"}}}"""
			.formatted(this.instanceId, address, this.application.toUpperCase(java.util.Locale.ROOT), address,
					this.port, RENEWAL_SECONDS, EXPIRATION_SECONDS, this.application, this.application, address,
					this.port, address, this.port, address, this.port, this.port);
	}

	private void register() throws IOException {
		HttpRequest request = request(this.appUri).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(instanceJson()))
			.build();
		int status = send(request);
		if (status != 204 && status != 200) {
			throw new IOException("The registry answered " + status + " to registering " + this.instanceId);
		}
	}

	private void renew() {
		try {
			int status = send(request(instanceUri()).PUT(HttpRequest.BodyPublishers.noBody()).build());
			if (status == 404) {
				// The registry restarted or evicted the lease: a Eureka client registers again.
				register();
			}
		}
		catch (IOException ex) {
			// Tried again at the next renewal, as a Eureka client does.
		}
	}

	private URI instanceUri() {
		return URI.create(this.appUri + "/" + this.instanceId);
	}

	private HttpRequest.Builder request(URI uri) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private int send(HttpRequest request) throws IOException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while calling the registry", ex);
		}
	}

	/** Cancels the lease, so that the gateway stops routing here at its next fetch. */
	@Override
	public void close() {
		this.heartbeat.shutdownNow();
		try {
			send(request(instanceUri()).DELETE().build());
		}
		catch (IOException ex) {
			// The lease then expires on its own after EXPIRATION_SECONDS.
		}
	}

}
