package io.coupon.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	/** Reactor Netty's system property: how many event loops only accept connections (by default none do). */
	static final String ACCEPT_THREADS_PROPERTY = "reactor.netty.ioSelectCount";

	public static void main(String[] args) {
		acceptOnItsOwnThread();
		SpringApplication.run(GatewayApplication.class, args);
	}

	/**
	 * Gives the server's listening socket an event loop of its own, unless the JVM was started with
	 * {@value #ACCEPT_THREADS_PROPERTY} set. Reactor Netty reads it once, when its event loops are first created, so
	 * it must be set before the application starts.
	 * <p>
	 * By default the listening socket shares an event loop with a quarter of the open connections, and accepts at most
	 * 16 connections each time that loop comes round. When a flash sale opens 2,000 connections at once on a busy
	 * 2-core machine, that loop came round so rarely that the accept queue drained at about 20 connections a second:
	 * 1,600 connections waited in it, their requests timed out after 10 s, and the clients' reconnections kept it full
	 * (4,096, the kernel's limit) for the rest of the run (docs/experiments.md, "2,000 virtual users"). A thread that
	 * does nothing but accept empties the queue as fast as connections arrive.
	 */
	static void acceptOnItsOwnThread() {
		if (System.getProperty(ACCEPT_THREADS_PROPERTY) == null) {
			System.setProperty(ACCEPT_THREADS_PROPERTY, "1");
		}
	}

}
