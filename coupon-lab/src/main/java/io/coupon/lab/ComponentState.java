package io.coupon.lab;

import java.time.Instant;

/**
 * One component of a running suite, as recorded in {@code run/state.json}.
 *
 * @param name e.g. {@code redis}, {@code coupon-api-2}, {@code gateway}
 * @param kind {@link #INFRA}, {@link #SERVICE} or {@link #EXTERNAL}
 * @param address what clients use: a URL, a JDBC URL or a bootstrap address
 * @param port the port it listens on
 * @param pid the process this launcher started (null for an external server)
 * @param serverPid the server process itself, when it is a child of {@code pid} (infrastructure)
 * @param processStart when {@code pid} started, so that a recycled pid is never taken for it
 * @param serverProcessStart when {@code serverPid} started
 * @param healthUrl the actuator health URL of a service
 * @param log the file that receives the process's stdout and stderr
 */
public record ComponentState(String name, String kind, String address, int port, Long pid, Long serverPid,
		Instant processStart, Instant serverProcessStart, String healthUrl, String log) {

	public static final String INFRA = "infra";

	public static final String SERVICE = "service";

	public static final String EXTERNAL = "external";

}
