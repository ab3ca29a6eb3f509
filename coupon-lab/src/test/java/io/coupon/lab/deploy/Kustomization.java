package io.coupon.lab.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, for exactly the features deploy/kubernetes uses:
 * {@code resources} (files and kustomization directories), {@code namespace}, {@code patches} given by {@code path}
 * (a strategic merge patch of the resource of the same kind and name), {@code images} and {@code secretGenerator}
 * from {@code envs} files with {@code disableNameSuffixHash}. Any other field is refused, so that a manifest never
 * relies on a feature this renderer would render wrongly. No kustomize binary runs here (docs/deploy.md).
 */
final class Kustomization {

	private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images",
			"secretGenerator", "generatorOptions");

	/** The kinds the namespace transformer leaves alone, of those the manifests use. */
	private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

	private final Function<Path, String> files;

	/** @param files reads a file; the tests hand in a secrets.env that is not in the repository */
	Kustomization(Function<Path, String> files) {
		this.files = files;
	}

	static Kustomization fromDisk() {
		return new Kustomization(DeploymentFiles::read);
	}

	List<Map<String, Object>> render(Path directory) {
		Map<String, Object> kustomization = StrategicMerge.cast(new Yaml()
			.load(this.files.apply(directory.resolve("kustomization.yaml"))));
		Set<String> unsupported = new HashSet<>(kustomization.keySet());
		unsupported.removeAll(FIELDS);
		if (!unsupported.isEmpty()) {
			throw new IllegalArgumentException(directory + ": unsupported kustomization fields " + unsupported);
		}
		List<Map<String, Object>> resources = new ArrayList<>();
		for (String resource : strings(kustomization.get("resources"))) {
			Path path = directory.resolve(resource).normalize();
			if (Files.isDirectory(path)) {
				resources.addAll(render(path));
			}
			else {
				resources.addAll(documents(path));
			}
		}
		resources.addAll(secrets(directory, kustomization));
		for (Map<?, ?> patch : maps(kustomization.get("patches"))) {
			if (!patch.keySet().equals(Set.of("path"))) {
				throw new IllegalArgumentException(directory + ": a patch is only a path here: " + patch);
			}
			applyPatch(resources, documents(directory.resolve(String.valueOf(patch.get("path")))));
		}
		for (Map<?, ?> image : maps(kustomization.get("images"))) {
			resources.forEach((resource) -> setImage(resource, image));
		}
		Object namespace = kustomization.get("namespace");
		if (namespace != null) {
			resources.stream()
				.filter((resource) -> !CLUSTER_SCOPED.contains(resource.get("kind")))
				.forEach((resource) -> metadata(resource).put("namespace", namespace));
		}
		Set<String> ids = new HashSet<>();
		for (Map<String, Object> resource : resources) {
			String id = resource.get("kind") + "/" + metadata(resource).get("namespace") + "/" + metadata(resource).get("name");
			if (!ids.add(id)) {
				throw new IllegalArgumentException(directory + ": " + id + " is declared twice");
			}
		}
		return resources;
	}

	private List<Map<String, Object>> documents(Path file) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(this.files.apply(file))) {
			if (document != null) {
				documents.add(StrategicMerge.cast((Map<?, ?>) document));
			}
		}
		return documents;
	}

	private List<Map<String, Object>> secrets(Path directory, Map<String, Object> kustomization) {
		List<Map<?, ?>> generators = maps(kustomization.get("secretGenerator"));
		if (generators.isEmpty()) {
			return List.of();
		}
		if (!(kustomization.get("generatorOptions") instanceof Map<?, ?> options)
				|| !Boolean.TRUE.equals(options.get("disableNameSuffixHash")) || options.size() != 1) {
			throw new IllegalArgumentException(directory + ": only generatorOptions.disableNameSuffixHash: true is "
					+ "supported (the renderer computes no name hashes)");
		}
		List<Map<String, Object>> secrets = new ArrayList<>();
		for (Map<?, ?> generator : generators) {
			if (!Set.of("name", "envs").containsAll(generator.keySet())) {
				throw new IllegalArgumentException(directory + ": a secretGenerator takes a name and envs here: " + generator);
			}
			Map<String, Object> data = new LinkedHashMap<>();
			for (String envs : strings(generator.get("envs"))) {
				envFile(this.files.apply(directory.resolve(envs))).forEach((key, value) -> data.put(key,
						Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
			}
			Map<String, Object> secret = new LinkedHashMap<>();
			secret.put("apiVersion", "v1");
			secret.put("kind", "Secret");
			secret.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
			secret.put("type", "Opaque");
			secret.put("data", data);
			secrets.add(secret);
		}
		return secrets;
	}

	/** KEY=VALUE lines, as kustomize reads an envs file: blank lines and # comments skipped, the value as written. */
	static Map<String, String> envFile(String text) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String stripped = line.strip();
			if (stripped.isEmpty() || stripped.startsWith("#")) {
				continue;
			}
			int equals = stripped.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("Not KEY=VALUE: " + line);
			}
			entries.put(stripped.substring(0, equals), stripped.substring(equals + 1));
		}
		return entries;
	}

	private static void applyPatch(List<Map<String, Object>> resources, List<Map<String, Object>> patches) {
		if (patches.size() != 1) {
			throw new IllegalArgumentException("A patch file holds one patch, not " + patches.size());
		}
		Map<String, Object> patch = patches.getFirst();
		List<Integer> targets = new ArrayList<>();
		for (int i = 0; i < resources.size(); i++) {
			Map<String, Object> resource = resources.get(i);
			if (resource.get("apiVersion").equals(patch.get("apiVersion")) && resource.get("kind").equals(patch.get("kind"))
					&& metadata(resource).get("name").equals(metadata(patch).get("name"))) {
				targets.add(i);
			}
		}
		if (targets.size() != 1) {
			throw new IllegalArgumentException("A patch of " + patch.get("kind") + " " + metadata(patch).get("name")
					+ " matches " + targets.size() + " resources");
		}
		resources.set(targets.getFirst(), StrategicMerge.merge(resources.get(targets.getFirst()), patch));
	}

	/** The images transformer: every container whose image is {@code name} or {@code name:tag} gets the new one. */
	private static void setImage(Object node, Map<?, ?> image) {
		if (node instanceof Map<?, ?> map) {
			Object current = map.get("image");
			if (current instanceof String value && (value.equals(image.get("name"))
					|| value.startsWith(image.get("name") + ":")) && map.containsKey("name")) {
				String name = String.valueOf(image.containsKey("newName") ? image.get("newName") : image.get("name"));
				String tag = image.containsKey("newTag") ? String.valueOf(image.get("newTag"))
						: (value.contains(":") ? value.substring(value.indexOf(':') + 1) : null);
				StrategicMerge.cast(map).put("image", (tag != null) ? name + ":" + tag : name);
			}
			map.values().forEach((child) -> setImage(child, image));
		}
		else if (node instanceof List<?> list) {
			list.forEach((child) -> setImage(child, image));
		}
	}

	private static Map<String, Object> metadata(Map<String, Object> resource) {
		return StrategicMerge.cast((Map<?, ?>) resource.get("metadata"));
	}

	private static List<String> strings(Object list) {
		return (list == null) ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
	}

	private static List<Map<?, ?>> maps(Object list) {
		return (list == null) ? List.of() : ((List<?>) list).stream().<Map<?, ?>>map((item) -> (Map<?, ?>) item).toList();
	}

}
