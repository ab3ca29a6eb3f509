package io.coupon.lab.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NginxHopTests {

	@Test
	void shouldRunOneWorkerWithKeepAliveToTheStandInAndEverythingInItsOwnFolder() {
		String conf = NginxHop.configuration(Path.of("/tmp/bench-nginx"), 18080, 18081);

		assertThat(conf).contains("worker_processes 1;")
			.contains("daemon off;")
			.contains("listen 127.0.0.1:18080;")
			.contains("server 127.0.0.1:18081;")
			.contains("keepalive 256;")
			.contains("proxy_http_version 1.1;")
			.contains("proxy_set_header Connection \"\";")
			.contains("access_log off;")
			.contains("pid /tmp/bench-nginx/nginx.pid;")
			.contains("error_log /tmp/bench-nginx/error.log warn;");
	}

}
