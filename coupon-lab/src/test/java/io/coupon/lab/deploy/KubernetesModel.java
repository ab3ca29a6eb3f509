package io.coupon.lab.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Reads a manifest into fabric8's Kubernetes API model, strictly. The model keeps a field it does not know in each
 * object's {@code additionalProperties} instead of failing, and a kind it does not know as a
 * {@link GenericKubernetesResource}: both are refused here. A field is unknown when the model, written back without its
 * additional properties, lacks it.
 */
final class KubernetesModel {

	private static final ObjectMapper READER = new ObjectMapper();

	private static final ObjectMapper WRITER_WITHOUT_ADDITIONAL_PROPERTIES = new ObjectMapper()
		.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnyGetter(Annotated annotated) {
				return Boolean.FALSE;
			}

		});

	private KubernetesModel() {
	}

	/** @throws IllegalArgumentException naming every unknown field, or the unknown kind, of the document */
	static HasMetadata read(Map<String, Object> document) {
		String id = document.get("apiVersion") + " " + document.get("kind") + " "
				+ ((document.get("metadata") instanceof Map<?, ?> metadata) ? metadata.get("name") : null);
		KubernetesResource resource;
		try {
			resource = READER.convertValue(document, KubernetesResource.class);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(id + ": " + ex.getMessage(), ex);
		}
		if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata model)) {
			throw new IllegalArgumentException(id + ": not a kind of the Kubernetes API");
		}
		List<String> unknown = new ArrayList<>();
		collectUnknown(READER.valueToTree(document), WRITER_WITHOUT_ADDITIONAL_PROPERTIES.valueToTree(model), "",
				unknown);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException(id + ": unknown fields " + unknown);
		}
		return model;
	}

	private static void collectUnknown(JsonNode given, JsonNode modelled, String path, List<String> unknown) {
		if (given.isObject()) {
			for (Map.Entry<String, JsonNode> field : given.properties()) {
				JsonNode value = field.getValue();
				String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
					continue;
				}
				if (modelled == null || !modelled.has(field.getKey())) {
					unknown.add(fieldPath);
				}
				else {
					collectUnknown(value, modelled.get(field.getKey()), fieldPath, unknown);
				}
			}
		}
		else if (given.isArray()) {
			for (int i = 0; i < given.size(); i++) {
				collectUnknown(given.get(i), (modelled != null && modelled.isArray()) ? modelled.get(i) : null,
						path + "[" + i + "]", unknown);
			}
		}
	}

}
