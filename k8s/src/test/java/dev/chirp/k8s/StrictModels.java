package dev.chirp.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict checks of one rendered object. Built-in kinds go through Kubernetes' own Java model
 * (client-java-api): {@code validateJsonElement} rejects a field the kind does not have, anywhere in the tree, and
 * deserialising rejects a wrong type or quantity. Custom resources are walked against their upstream CRD's
 * structure (src/test/resources/crd-schemas/Kind.json, each naming its source).
 */
final class StrictModels {
  interface Validator {
    void validate(JsonElement json) throws IOException;
  }

  private record Model(Validator validator, Class<?> type) {}

  private static final Map<String, Model> BUILT_IN = Map.ofEntries(
      Map.entry("v1/ConfigMap", new Model(V1ConfigMap::validateJsonElement, V1ConfigMap.class)),
      Map.entry("v1/Secret", new Model(V1Secret::validateJsonElement, V1Secret.class)),
      Map.entry("v1/Service", new Model(V1Service::validateJsonElement, V1Service.class)),
      Map.entry("v1/ServiceAccount", new Model(V1ServiceAccount::validateJsonElement, V1ServiceAccount.class)),
      Map.entry("v1/Namespace", new Model(V1Namespace::validateJsonElement, V1Namespace.class)),
      Map.entry("apps/v1/Deployment", new Model(V1Deployment::validateJsonElement, V1Deployment.class)),
      Map.entry("apps/v1/StatefulSet", new Model(V1StatefulSet::validateJsonElement, V1StatefulSet.class)),
      Map.entry("batch/v1/Job", new Model(V1Job::validateJsonElement, V1Job.class)),
      Map.entry("policy/v1/PodDisruptionBudget", new Model(V1PodDisruptionBudget::validateJsonElement, V1PodDisruptionBudget.class)),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", new Model(V1NetworkPolicy::validateJsonElement, V1NetworkPolicy.class)),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
          new Model(V2HorizontalPodAutoscaler::validateJsonElement, V2HorizontalPodAutoscaler.class)));

  private static final Set<String> METADATA_FIELDS = Set.of("name", "namespace", "labels", "annotations");

  private StrictModels() {}

  /** What is wrong with the object; empty when it is valid for its kind. */
  static List<String> problems(JsonObject object) {
    String apiVersion = object.get("apiVersion").getAsString();
    String kind = Manifests.kind(object);
    String where = Manifests.id(object);
    Model model = BUILT_IN.get(apiVersion + "/" + kind);
    List<String> problems = new ArrayList<>();
    if (model != null) {
      try {
        model.validator().validate(object);
        new JSON().getGson().fromJson(object, model.type());
      } catch (RuntimeException | IOException e) {
        problems.add(where + ": " + e.getMessage());
      }
      return problems;
    }
    JsonObject crd = crdSchema(kind);
    if (crd == null || !crd.get("apiVersion").getAsString().equals(apiVersion)) {
      problems.add(where + ": no strict model for " + apiVersion + " " + kind);
      return problems;
    }
    for (String field : object.keySet()) {
      if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(field)) problems.add(where + ": unknown top-level field " + field);
    }
    JsonObject metadata = object.getAsJsonObject("metadata");
    for (String field : metadata.keySet()) {
      if (!METADATA_FIELDS.contains(field)) problems.add(where + ": metadata." + field + " is not expected");
    }
    if (object.has("spec")) walk(object.get("spec"), crd.getAsJsonObject("schema").get("properties").getAsJsonObject().get("spec"),
        where + " spec", problems);
    return problems;
  }

  static JsonObject crdSchema(String kind) {
    try (InputStream in = StrictModels.class.getResourceAsStream("/crd-schemas/" + kind + ".json")) {
      return in == null ? null : JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks {@code value} against a node of the trimmed CRD schema (see crd-schemas/README.md). */
  static void walk(JsonElement value, JsonElement schema, String path, List<String> problems) {
    if (schema.isJsonPrimitive()) {
      leaf(value, schema.getAsString(), path, problems);
      return;
    }
    JsonObject node = schema.getAsJsonObject();
    String type = node.has("type") ? node.get("type").getAsString() : "object";
    switch (type) {
      case "object" -> {
        if (!value.isJsonObject()) {
          problems.add(path + ": expected an object");
          return;
        }
        JsonObject properties = node.has("properties") ? node.getAsJsonObject("properties") : new JsonObject();
        for (Map.Entry<String, JsonElement> field : value.getAsJsonObject().entrySet()) {
          if (!properties.has(field.getKey())) {
            problems.add(path + "." + field.getKey() + ": no such field upstream");
          } else {
            walk(field.getValue(), properties.get(field.getKey()), path + "." + field.getKey(), problems);
          }
        }
        if (node.has("required")) {
          node.getAsJsonArray("required").forEach(required -> {
            if (!value.getAsJsonObject().has(required.getAsString())) problems.add(path + "." + required.getAsString() + ": required");
          });
        }
      }
      case "map" -> {
        if (!value.isJsonObject()) {
          problems.add(path + ": expected a map");
          return;
        }
        value.getAsJsonObject().entrySet().forEach(e -> walk(e.getValue(), node.get("values"), path + "." + e.getKey(), problems));
      }
      case "array" -> {
        if (!value.isJsonArray()) {
          problems.add(path + ": expected a list");
          return;
        }
        for (int i = 0; i < value.getAsJsonArray().size(); i++) {
          walk(value.getAsJsonArray().get(i), node.get("items"), path + "[" + i + "]", problems);
        }
      }
      default -> {
        leaf(value, type, path, problems);
        if (node.has("enum") && value.isJsonPrimitive()) {
          boolean listed = false;
          for (JsonElement allowed : node.getAsJsonArray("enum")) listed |= allowed.getAsString().equals(value.getAsString());
          if (!listed) problems.add(path + ": " + value + " is not one of " + node.get("enum"));
        }
      }
    }
  }

  private static void leaf(JsonElement value, String type, String path, List<String> problems) {
    boolean ok = switch (type) {
      case "any" -> true;
      case "string" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
      case "boolean" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
      case "integer" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
          && value.getAsDouble() == Math.rint(value.getAsDouble());
      case "number" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
      default -> throw new IllegalStateException(path + ": unknown schema type " + type);
    };
    if (!ok) problems.add(path + ": expected " + type + ", got " + value);
  }
}
