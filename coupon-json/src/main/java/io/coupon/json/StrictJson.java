package io.coupon.json;

import java.time.Instant;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The one rule by which the services read JSON: a value is taken exactly as written, or refused. Both coupon-api
 * (request bodies) and coupon-worker (events) read with a mapper built here, never with the application's
 * {@code JsonMapper}: a global setting ({@code spring.jackson.*}, a customizer bean, Jackson's JVM-wide default
 * constraints) then cannot loosen either side.
 * <p>
 * Refused, where Jackson or Spring Boot would accept and change what was written: duplicate keys (Jackson keeps the
 * last); content after the value; a number with a fraction or an exponent for an integer ({@code 10.7} read as
 * {@code 10}); a string, a boolean or an empty string for a number, and a number or a boolean for a string
 * ({@code "10"} read as {@code 10}); numbers for enums; nulls for primitives; a single value for an array; property
 * names in another case; JSON extensions (comments, single quotes, unquoted names, trailing commas, leading zeros or
 * plus signs, NaN); and an {@link Instant} that is anything but an ISO-8601 date-time with an offset (see
 * {@link OffsetInstantDeserializer}). A property a type lists in {@code @JsonIgnoreProperties} is refused too (a
 * property the server owns, such as an id): "ignored" means "not settable", never "silently dropped".
 */
public final class StrictJson {

	/** The one form in which an {@link Instant} is read. */
	public static final String INSTANT_FORMAT = "an ISO-8601 date-time with an offset, such as 2030-01-01T00:00:00Z";

	private StrictJson() {
	}

	/** For what clients send: a property the type does not have is refused, because it was meant to mean something. */
	public static JsonMapper forRequestBodies() {
		return builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * For events another service publishes: the one difference from {@link #forRequestBodies()} is that unknown
	 * properties are skipped, so that a producer can add a field before every consumer knows it.
	 */
	public static JsonMapper forEvents() {
		return builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	private static JsonMapper.Builder builder() {
		// Jackson's own defaults, not the JVM-wide ones StreamReadConstraints.overrideDefaultStreamReadConstraints
		// may have changed.
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		return JsonMapper.builder(factory)
			.disable(JsonReadFeature.values())
			.enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
					DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
					DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS,
					DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
					DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT, DeserializationFeature.UNWRAP_ROOT_VALUE)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS, MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES,
					MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, MapperFeature.ACCEPT_CASE_INSENSITIVE_VALUES)
			.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.disable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL,
					EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
			// No coercion between JSON's types at all: a value is read only into the kind of value it is...
			.withCoercionConfigDefaults((config) -> {
				for (CoercionInputShape shape : CoercionInputShape.values()) {
					config.setCoercion(shape, CoercionAction.Fail);
				}
				config.setAcceptBlankAsEmpty(false);
			})
			// ...except a JSON integer into a floating-point field: JSON has one number type, and 10 is 10.0.
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
			.addModule(new SimpleModule("strict-instants").addDeserializer(Instant.class,
					new OffsetInstantDeserializer()));
	}

}
