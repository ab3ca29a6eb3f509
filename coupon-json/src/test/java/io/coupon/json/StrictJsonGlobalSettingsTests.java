package io.coupon.json;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The application's JsonMapper made as permissive as Spring Boot's settings and a customizer bean can make it reads
 * every one of these bodies (so the settings are real); both of StrictJson's mappers still refuse each.
 */
class StrictJsonGlobalSettingsTests {

	private static final List<String> LOOSENED = List.of("{\"count\":10,\"count\":11}", "{\"count\":10} {}",
			"{\"count\":10.7}", "{\"count\":\"10\"}", "{\"text\":5}", "{\"flag\":1}", "{\"size\":0}",
			"{\"size\":\"small\"}", "{\"items\":1}", "{\"inner\":\"\"}", "{\"count\":10 /* comment */}",
			"{'text':'a'}", "{\"count\":10,}", "{\"count\":010}", "{\"at\":1893456000}", "{\"id\":5}");

	private final ApplicationContextRunner permissive = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
		.withPropertyValues("spring.jackson.deserialization.accept-float-as-int=true",
				"spring.jackson.deserialization.fail-on-unknown-properties=false",
				"spring.jackson.deserialization.fail-on-ignored-properties=false",
				"spring.jackson.deserialization.fail-on-trailing-tokens=false",
				"spring.jackson.deserialization.fail-on-null-for-primitives=false",
				"spring.jackson.deserialization.accept-single-value-as-array=true",
				"spring.jackson.deserialization.accept-empty-string-as-null-object=true",
				"spring.jackson.mapper.allow-coercion-of-scalars=true",
				"spring.jackson.mapper.accept-case-insensitive-properties=true",
				"spring.jackson.mapper.accept-case-insensitive-enums=true",
				"spring.jackson.datatype.enum.fail-on-numbers-for-enums=false",
				"spring.jackson.json.read.allow-java-comments=true", "spring.jackson.json.read.allow-single-quotes=true",
				"spring.jackson.json.read.allow-trailing-comma=true",
				"spring.jackson.json.read.allow-leading-zeros-for-numbers=true")
		.withBean("lenientCoercions", JsonMapperBuilderCustomizer.class, () -> (builder) -> builder
			.disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfigDefaults((config) -> {
				for (CoercionInputShape shape : CoercionInputShape.values()) {
					config.setCoercion(shape, CoercionAction.TryConvert);
				}
			}));

	@Test
	void shouldRefuseWhatAPermissiveApplicationMapperAccepts() {
		this.permissive.run((context) -> {
			JsonMapper application = context.getBean(JsonMapper.class);
			for (String json : LOOSENED) {
				assertThatNoException().as("the application's mapper, made permissive, reads " + json)
					.isThrownBy(() -> application.readValue(json, Sample.class));
				for (JsonMapper strict : List.of(StrictJson.forRequestBodies(), StrictJson.forEvents())) {
					assertThatExceptionOfType(JacksonException.class).as(json)
						.isThrownBy(() -> strict.readValue(json, Sample.class));
				}
			}
		});
	}

	@Test
	void shouldKeepJacksonsOwnLimitsWhenTheJvmWideDefaultsAreRaised() {
		String longNumber = "{\"big\":" + "9".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN + 1) + "}";
		StreamReadConstraints
			.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build());
		try {
			assertThat(JsonMapper.builder().build().readValue(longNumber, Sample.class).big())
				.as("the raised JVM-wide default reaches a mapper built as usual")
				.isEqualTo(new BigInteger("9".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN + 1)));
			for (JsonMapper strict : List.of(StrictJson.forRequestBodies(), StrictJson.forEvents())) {
				assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> strict.readValue(longNumber,
						Sample.class));
			}
		}
		finally {
			StreamReadConstraints.overrideDefaultStreamReadConstraints(null);
		}
	}

}
