package io.coupon.lab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchVariantTests {

	@TempDir
	Path dir;

	@Test
	void shouldReadNamedVariantsWithTheirEnvironmentAsWritten() throws Exception {
		Path file = Files.writeString(this.dir.resolve("variants.txt"), """
				# a comment
				[no route timer]
				SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_METRICS_ENABLED=false

				[serial gc]
				JAVA_TOOL_OPTIONS=-Xms128m -Xmx512m -XX:+UseSerialGC
				SPRING_APPLICATION_JSON={"a":{"b":1,"c":2}}
				""");

		List<BenchVariant> variants = BenchVariant.read(file);

		assertThat(variants).extracting(BenchVariant::name).containsExactly("no route timer", "serial gc");
		assertThat(variants.get(0).environment())
			.containsExactly(Map.entry("SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_METRICS_ENABLED", "false"));
		assertThat(variants.get(1).environment()).containsOnly(
				Map.entry("JAVA_TOOL_OPTIONS", "-Xms128m -Xmx512m -XX:+UseSerialGC"),
				Map.entry("SPRING_APPLICATION_JSON", "{\"a\":{\"b\":1,\"c\":2}}"));
	}

	@Test
	void shouldRefuseASettingBeforeAnyNameOrALineThatIsNeither() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchVariant.parse(List.of("A=1"), "f"))
			.withMessageContaining("f:1");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchVariant.parse(List.of("[a]", "not a setting"), "f"))
			.withMessageContaining("f:2");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchVariant.parse(List.of("# nothing"), "f"))
			.withMessageContaining("no variant");
	}

	@Test
	void shouldTakeVariantsAndRoundsFromTheCommandLineButNotWithABaseline() throws Exception {
		Path file = Files.writeString(this.dir.resolve("v.txt"), "[x]\nA=1\n");

		BenchOptions options = BenchOptions.parse(List.of("--variants", file.toString(), "--rounds", "2"));

		assertThat(options.variants()).extracting(BenchVariant::name).containsExactly("x");
		assertThat(options.rounds()).isEqualTo(2);
		assertThat(options.hasBaseline()).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchOptions.parse(List.of("--variants", file.toString(), "--baseline-env", "B=2")))
			.withMessageContaining("--variants");
	}

}
