package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch, for the fields the manifests patch: maps merge key by key, a {@code null} deletes
 * a key, and a list is replaced, except the lists the Kubernetes API merges by a key (containers and env by
 * {@code name}, volume mounts by {@code mountPath}, ...). Directives ({@code $patch}, {@code $retainKeys}, ...) are
 * refused rather than misread.
 */
final class StrategicMerge {

	/** The API's patchMergeKey of each list that merges; a list not named here is replaced, as the API does. */
	private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
			"ephemeralContainers", "name", "env", "name", "volumes", "name", "volumeMounts", "mountPath",
			"imagePullSecrets", "name");

	private StrategicMerge() {
	}

	static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
		Map<String, Object> merged = new LinkedHashMap<>(target);
		patch.forEach((key, value) -> {
			if (key.startsWith("$")) {
				throw new IllegalArgumentException("Patch directive " + key + " is not supported");
			}
			Object current = merged.get(key);
			if (value == null) {
				merged.remove(key);
			}
			else if (value instanceof Map<?, ?> patchMap && current instanceof Map<?, ?> currentMap) {
				merged.put(key, merge(cast(currentMap), cast(patchMap)));
			}
			else if (value instanceof List<?> patchList && current instanceof List<?> currentList
					&& mergeKey(key, patchList) != null) {
				merged.put(key, mergeList(currentList, patchList, mergeKey(key, patchList)));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	/** Container ports merge by containerPort, a Service's by port; the other lists by {@link #MERGE_KEYS}. */
	private static String mergeKey(String field, List<?> items) {
		if (field.equals("ports")) {
			return items.stream().allMatch((item) -> item instanceof Map<?, ?> port && port.containsKey("containerPort"))
					? "containerPort" : "port";
		}
		return MERGE_KEYS.get(field);
	}

	private static List<Object> mergeList(List<?> current, List<?> patch, String key) {
		List<Object> merged = new ArrayList<>(current);
		for (Object item : patch) {
			if (!(item instanceof Map<?, ?> patchItem) || !patchItem.containsKey(key)) {
				throw new IllegalArgumentException("A patch of a list merged by " + key + " needs " + key + ": " + item);
			}
			int index = indexOf(merged, key, patchItem.get(key));
			if (index < 0) {
				merged.add(item);
			}
			else {
				merged.set(index, merge(cast((Map<?, ?>) merged.get(index)), cast(patchItem)));
			}
		}
		return merged;
	}

	private static int indexOf(List<Object> items, String key, Object value) {
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i) instanceof Map<?, ?> item && value.equals(item.get(key))) {
				return i;
			}
		}
		return -1;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

}
