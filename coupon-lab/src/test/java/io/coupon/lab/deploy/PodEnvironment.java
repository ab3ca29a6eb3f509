package io.coupon.lab.deploy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The environment a container gets in its pod, as the kubelet builds it: {@code value}s with {@code $(NAME)} expanded
 * from the variables before them, ConfigMap and Secret keys looked up in the rendered output (a Secret the overlay
 * expects to exist stands in as {@code <secret/key>}), the downward API's fields as stand-ins, and HOSTNAME, the pod's
 * name. A reference to nothing is a problem, not a value.
 */
final class PodEnvironment {

	static final String POD_NAME = "pod-name";

	static final String POD_IP = "pod-ip";

	private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)|\\$\\$");

	private PodEnvironment() {
	}

	static Map<String, String> of(Container container, Manifests manifests, List<String> problems) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (EnvVar variable : container.getEnv()) {
			Optional<String> value = value(variable, environment, manifests);
			if (value.isEmpty()) {
				problems.add(container.getName() + ": " + variable.getName() + " refers to nothing");
			}
			value.ifPresent((found) -> environment.put(variable.getName(), found));
		}
		environment.putIfAbsent("HOSTNAME", POD_NAME);
		return environment;
	}

	private static Optional<String> value(EnvVar variable, Map<String, String> before, Manifests manifests) {
		if (variable.getValueFrom() == null) {
			return Optional.of(expand(String.valueOf(variable.getValue()), before));
		}
		var from = variable.getValueFrom();
		if (from.getConfigMapKeyRef() != null) {
			return manifests.find(ConfigMap.class, from.getConfigMapKeyRef().getName())
				.map((configMap) -> configMap.getData().get(from.getConfigMapKeyRef().getKey()));
		}
		if (from.getSecretKeyRef() != null) {
			String name = from.getSecretKeyRef().getName();
			String key = from.getSecretKeyRef().getKey();
			Optional<Secret> secret = manifests.find(Secret.class, name);
			if (secret.isPresent()) {
				return Optional.ofNullable(secret.get().getData().get(key))
					.map((encoded) -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
			}
			return manifests.externalSecrets().getOrDefault(name, List.of()).contains(key)
					? Optional.of("<" + name + "/" + key + ">") : Optional.empty();
		}
		if (from.getFieldRef() != null) {
			return switch (from.getFieldRef().getFieldPath()) {
				case "metadata.name" -> Optional.of(POD_NAME);
				case "status.podIP" -> Optional.of(POD_IP);
				default -> Optional.empty();
			};
		}
		return Optional.empty();
	}

	/** {@code $(NAME)} of a variable defined before; an undefined one stays as written, {@code $$} is one {@code $}. */
	static String expand(String value, Map<String, String> before) {
		Matcher reference = REFERENCE.matcher(value);
		StringBuilder out = new StringBuilder();
		while (reference.find()) {
			String replacement = (reference.group(1) == null) ? "$"
					: before.getOrDefault(reference.group(1), reference.group());
			reference.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		reference.appendTail(out);
		return out.toString();
	}

	/** The names a value refers to with {@code $(NAME)}. */
	static List<String> references(String value) {
		return REFERENCE.matcher(value).results().map((result) -> result.group(1)).filter((name) -> name != null).toList();
	}

}
