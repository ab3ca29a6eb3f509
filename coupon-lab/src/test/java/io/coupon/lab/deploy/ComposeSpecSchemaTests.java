package io.coupon.lab.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yaml against the Compose Specification's JSON schema, the one Docker Compose validates with, after
 * interpolation as {@link ComposeFile#interpolate} does it.
 * <p>
 * The schema is vendored unchanged in {@code src/test/resources/compose-spec/compose-spec.json}: the file
 * {@code schema/compose-spec.json} of the compose-spec/compose-spec repository on GitHub (last changed in commit
 * a08f8d51631b7127ddac3d2c65537db429d0f1d0, 2025-10-28), Copyright 2020 The Compose Specification Authors, licensed
 * under the Apache License 2.0, whose text and the project's NOTICE are beside it (README.md there says how to update
 * it).
 */
class ComposeSpecSchemaTests {

	private static final String SCHEMA = "/compose-spec/compose-spec.json";

	private static final Schema COMPOSE_SPEC = loadSchema();

	@Test
	void shouldFollowTheComposeSpecification() {
		assertThat(errors(DeploymentFiles.read(RepositoryFiles.docker().resolve("compose.yaml"))))
			.as("docker/compose.yaml against the Compose Specification's schema")
			.isEmpty();
	}

	@Test
	void shouldFindWhatTheSpecificationDoesNotAllow() {
		String compose = DeploymentFiles.read(RepositoryFiles.docker().resolve("compose.yaml"));
		String broken = compose.replaceFirst("condition: service_healthy", "condition: healthy")
			.replaceFirst("start_period: 120s", "start_period: 120s\n      start_delay: 5s")
			.replaceFirst("networks: \\[backend\\]", "networks: backend");
		assertThat(broken).as("every breakage applied")
			.contains("condition: healthy", "start_delay: 5s", "networks: backend\n");

		assertThat(errors(broken)).extracting(Error::toString)
			.anySatisfy((error) -> assertThat(error).contains("condition"))
			.anySatisfy((error) -> assertThat(error).contains("start_delay"))
			.anySatisfy((error) -> assertThat(error).contains("/services/mysql/networks"));
	}

	private static List<Error> errors(String compose) {
		Object document = new Yaml().load(ComposeFile.interpolate(compose));
		JsonNode node = JsonMapper.builder().build().valueToTree(document);
		return COMPOSE_SPEC.validate(node);
	}

	private static Schema loadSchema() {
		URL url = Objects.requireNonNull(ComposeSpecSchemaTests.class.getResource(SCHEMA), SCHEMA);
		try (InputStream in = url.openStream()) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			// Its $id is relative (compose_spec.json): the file's own address is its base.
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
				.getSchema(SchemaLocation.of(url.toURI().toString()), text, InputFormat.JSON);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
