package io.coupon.lab.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The compose file's alternative syntaxes, each brought to one form, so that the rules of {@link ComposeFileTests}
 * hold whichever form a later edit uses.
 */
class ComposeFileSyntaxTests {

	private static final ComposeFile COMPOSE = ComposeFile.parse("""
			services:
			  long:
			    environment:
			      A: "1"
			      B: ${B:?set B}
			      C:
			    ports:
			      - target: 8080
			        published: "8080"
			      - target: 3000
			        published: "3000"
			        host_ip: 127.0.0.1
			    depends_on:
			      db:
			        condition: service_healthy
			    healthcheck:
			      test: ["CMD", "actuator-health", "8080"]
			    deploy:
			      resources:
			        limits:
			          cpus: "${CPUS:-1.0}"
			          memory: 128m
			  short:
			    environment:
			      - A=1=2
			      - C
			    ports:
			      - "9090"
			      - "8081:8080"
			      - "127.0.0.1:8300:80/tcp"
			    depends_on: [db]
			    healthcheck:
			      test: redis-cli ping
			  db:
			    healthcheck:
			      disable: true
			""");

	@Test
	void shouldReadEnvironmentMapsAndListsAlike() {
		assertThat(COMPOSE.service("long").environment()).containsExactly(entry("A", "1"), entry("B", "${B:?set B}"),
				entry("C", null));
		assertThat(COMPOSE.service("short").environment()).containsExactly(entry("A", "1=2"), entry("C", null));
	}

	@Test
	void shouldReadPublishedPortsInBothSyntaxes() {
		assertThat(COMPOSE.service("long").publishedPorts()).containsExactly(new ComposeFile.Port(null, "8080", 8080),
				new ComposeFile.Port("127.0.0.1", "3000", 3000));
		assertThat(COMPOSE.service("short").publishedPorts()).containsExactly(new ComposeFile.Port(null, "", 9090),
				new ComposeFile.Port(null, "8081", 8080), new ComposeFile.Port("127.0.0.1", "8300", 80));
	}

	@Test
	void shouldReadDependenciesWithTheirConditions() {
		assertThat(COMPOSE.service("long").dependsOn()).containsExactly(entry("db", "service_healthy"));
		assertThat(COMPOSE.service("short").dependsOn()).containsExactly(entry("db", "service_started"));
	}

	@Test
	void shouldReadHealthchecksInEveryForm() {
		assertThat(COMPOSE.service("long").healthcheckTest()).containsExactly("CMD", "actuator-health", "8080");
		assertThat(COMPOSE.service("short").healthcheckTest()).containsExactly("CMD-SHELL", "redis-cli ping");
		assertThat(COMPOSE.service("db").healthcheckTest()).isEmpty();
	}

	@Test
	void shouldReadVariablesTheirDefaultsAndWhichAreRequired() {
		assertThat(COMPOSE.variables()).containsExactly("B", "CPUS");
		assertThat(COMPOSE.requiredVariables()).containsExactly("B");
		assertThat(COMPOSE.service("long").limits()).containsExactly(entry("cpus", "${CPUS:-1.0}"), entry("memory", "128m"));
		assertThat(ComposeFile.defaultOf("${CPUS:-1.0}")).isEqualTo("1.0");
		assertThat(ComposeFile.defaultOf("128m")).isEqualTo("128m");
		assertThat(ComposeFile.soleVariable("${B:?set B}")).contains("B");
		assertThat(ComposeFile.soleVariable("x${B}")).isEmpty();
		assertThat(ComposeFile.interpolate("http://${U:?set U}:${P}@host:${PORT:-8761}/${X-x}${Y:+y}"))
			.isEqualTo("http://<U>:<P>@host:8761/x");
	}

}
