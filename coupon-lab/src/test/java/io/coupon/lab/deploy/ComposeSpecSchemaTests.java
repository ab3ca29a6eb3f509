package io.coupon.lab.deploy;

import java.nio.file.Path;
import java.util.List;

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
 * interpolation as {@link ComposeFile#interpolate} does it. The schema is data from the compose-spec repository
 * (Apache-2.0); it is kept in shared/compose-spec/ beside the repository, where its source and licence are noted, or
 * wherever the system property {@code compose-spec.schema} says.
 */
class ComposeSpecSchemaTests {

	static final Path SCHEMA = Path.of(System.getProperty("compose-spec.schema",
			RepositoryFiles.root().resolveSibling("shared").resolve("compose-spec/compose-spec.json").toString()));

	private static final Schema COMPOSE_SPEC = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
		// Its $id is relative (compose_spec.json): the file's own address is its base.
		.getSchema(SchemaLocation.of(SCHEMA.toUri().toString()), DeploymentFiles.read(SCHEMA), InputFormat.JSON);

	@Test
	void shouldFollowTheComposeSpecification() {
		assertThat(errors(DeploymentFiles.read(RepositoryFiles.docker().resolve("compose.yaml"))))
			.as("docker/compose.yaml against " + SCHEMA)
			.isEmpty();
	}

	@Test
	void shouldFindAFieldTheSpecificationDoesNotHave() {
		String compose = DeploymentFiles.read(RepositoryFiles.docker().resolve("compose.yaml"));
		String broken = compose.replaceFirst("condition: service_healthy", "condition: healthy")
			.replaceFirst("start_period: 120s", "start_period: 120s\n      start_delay: 5s");

		assertThat(errors(broken)).extracting(Error::toString)
			.anySatisfy((error) -> assertThat(error).contains("condition"))
			.anySatisfy((error) -> assertThat(error).contains("start_delay"));
	}

	private static List<Error> errors(String compose) {
		Object document = new Yaml().load(ComposeFile.interpolate(compose));
		JsonNode node = JsonMapper.builder().build().valueToTree(document);
		return COMPOSE_SPEC.validate(node);
	}

}
