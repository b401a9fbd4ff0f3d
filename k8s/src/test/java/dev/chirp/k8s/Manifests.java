package dev.chirp.k8s;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The k8s/ directory and what kubectl kustomize renders from it, one render per scenario and test run. */
final class Manifests {
  static final Path K8S = Path.of(System.getProperty("chirp.k8s.dir", ".")).toAbsolutePath().normalize();
  static final Path ROOT = K8S.getParent();
  private static final Map<String, List<JsonObject>> RENDERED = new ConcurrentHashMap<>();
  private static final Map<String, Long> RENDER_MILLIS = new ConcurrentHashMap<>();

  private Manifests() {}

  /** Every directory CI renders: the overlays and each test scenario (k8s/tests/<scenario>), by name. */
  static Map<String, Path> scenarios() throws IOException {
    Map<String, Path> scenarios = new LinkedHashMap<>();
    for (String overlay : List.of("dev", "prod")) scenarios.put("overlays/" + overlay, K8S.resolve("overlays").resolve(overlay));
    try (Stream<Path> tests = Files.list(K8S.resolve("tests"))) {
      tests.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml"))).sorted(Comparator.naturalOrder())
          .forEach(dir -> scenarios.put("tests/" + dir.getFileName(), dir));
    }
    return scenarios;
  }

  static List<JsonObject> render(String scenario) throws Exception {
    List<JsonObject> cached = RENDERED.get(scenario);
    if (cached != null) return cached;
    long start = System.nanoTime();
    String yaml = Kubectl.kustomize(scenarios().get(scenario));
    RENDER_MILLIS.put(scenario, (System.nanoTime() - start) / 1_000_000);
    List<JsonObject> objects = parse(yaml);
    RENDERED.put(scenario, objects);
    return objects;
  }

  static long renderMillis(String scenario) {
    return RENDER_MILLIS.getOrDefault(scenario, -1L);
  }

  static List<JsonObject> parse(String yaml) {
    Gson gson = new Gson();
    List<JsonObject> objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
      if (document != null) objects.add(gson.toJsonTree(document).getAsJsonObject());
    }
    return objects;
  }

  static String kind(JsonObject object) {
    return object.get("kind").getAsString();
  }

  static String name(JsonObject object) {
    return object.getAsJsonObject("metadata").get("name").getAsString();
  }

  static String id(JsonObject object) {
    return kind(object) + "/" + name(object);
  }

  static List<JsonObject> ofKind(List<JsonObject> objects, String... kinds) {
    List<String> wanted = List.of(kinds);
    return objects.stream().filter(o -> wanted.contains(kind(o))).toList();
  }

  /** The pod template of a workload (Deployment, StatefulSet, Job); null for anything else. */
  static JsonObject podTemplate(JsonObject object) {
    return switch (kind(object)) {
      case "Deployment", "StatefulSet", "Job" -> object.getAsJsonObject("spec").getAsJsonObject("template");
      default -> null;
    };
  }

  static Map<String, String> labels(JsonObject metadataOwner) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonObject metadata = metadataOwner.getAsJsonObject("metadata");
    if (metadata != null && metadata.has("labels")) {
      metadata.getAsJsonObject("labels").entrySet().forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    }
    return labels;
  }

  static Map<String, String> strings(JsonElement object) {
    Map<String, String> values = new LinkedHashMap<>();
    if (object != null && object.isJsonObject()) {
      object.getAsJsonObject().entrySet().forEach(e -> values.put(e.getKey(), e.getValue().getAsString()));
    }
    return values;
  }
}
