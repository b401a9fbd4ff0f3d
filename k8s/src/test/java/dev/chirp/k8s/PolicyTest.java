package dev.chirp.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.deploy.EntryRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.chirp.k8s.Manifests.id;
import static dev.chirp.k8s.Manifests.kind;
import static dev.chirp.k8s.Manifests.labels;
import static dev.chirp.k8s.Manifests.name;
import static dev.chirp.k8s.Manifests.ofKind;
import static dev.chirp.k8s.Manifests.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every rendered scenario must hold beyond schema validity: security, probes, wiring, configuration, routes. */
class PolicyTest {
  /** Each image's program: the module whose Jib build makes it, and its own defaults file. */
  private static final Map<String, String> PROGRAMS = Map.of(
      "chirp-tweet-svc", "tweet-svc/src/main/resources/tweet-svc.json",
      "chirp-follow-svc", "follow-svc/src/main/resources/follow-svc.json",
      "chirp-timeline-svc", "timeline-svc/src/main/resources/timeline-svc.json",
      "chirp-fanout-worker", "fanout-worker/src/main/resources/fanout-worker.json",
      "chirp-schema", "schema/src/main/resources/schema.json");
  private static final Set<String> ENGINE_SECRETS = Set.of("chirp-cassandra", "chirp-neo4j", "chirp-pulsar", "chirp-redis", "chirp-jwt-public");

  static List<String> scenarios() throws Exception {
    return RenderAndValidateTest.scenarios();
  }

  private static List<JsonObject> workloads(List<JsonObject> objects) {
    return ofKind(objects, "Deployment", "StatefulSet", "Job");
  }

  private static JsonObject podSpec(JsonObject workload) {
    return podTemplate(workload).getAsJsonObject("spec");
  }

  private static List<JsonObject> containers(JsonObject workload) {
    List<JsonObject> containers = new ArrayList<>();
    podSpec(workload).getAsJsonArray("containers").forEach(c -> containers.add(c.getAsJsonObject()));
    if (podSpec(workload).has("initContainers")) podSpec(workload).getAsJsonArray("initContainers").forEach(c -> containers.add(c.getAsJsonObject()));
    return containers;
  }

  private static String string(JsonObject object, String... path) {
    JsonElement at = object;
    for (String step : path) {
      if (at == null || !at.isJsonObject() || !at.getAsJsonObject().has(step)) return null;
      at = at.getAsJsonObject().get(step);
    }
    return at.isJsonPrimitive() ? at.getAsString() : at.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyPodRunsLockedDown(String scenario) throws Exception {
    for (JsonObject workload : workloads(Manifests.render(scenario))) {
      JsonObject pod = podSpec(workload);
      String w = id(workload);
      assertThat(string(pod, "securityContext", "runAsNonRoot")).as(w).isEqualTo("true");
      assertThat(Double.parseDouble(string(pod, "securityContext", "runAsUser"))).as(w).isGreaterThan(0);
      assertThat(string(pod, "securityContext", "seccompProfile", "type")).as(w).isEqualTo("RuntimeDefault");
      assertThat(string(pod, "automountServiceAccountToken")).as(w).isEqualTo("false");
      List<String> tmpVolumes = new ArrayList<>();
      pod.getAsJsonArray("volumes").forEach(v -> {
        if (v.getAsJsonObject().has("emptyDir")) tmpVolumes.add(v.getAsJsonObject().get("name").getAsString());
      });
      for (JsonObject container : containers(workload)) {
        String c = w + " " + string(container, "name");
        assertThat(string(container, "securityContext", "allowPrivilegeEscalation")).as(c).isEqualTo("false");
        assertThat(string(container, "securityContext", "readOnlyRootFilesystem")).as(c).isEqualTo("true");
        assertThat(container.getAsJsonObject("securityContext").getAsJsonObject("capabilities").getAsJsonArray("drop").toString()).as(c).isEqualTo("[\"ALL\"]");
        assertThat(container.getAsJsonArray("volumeMounts")).as(c + ": an emptyDir at /tmp").anySatisfy(m ->
            assertThat(tmpVolumes.contains(string(m.getAsJsonObject(), "name")) && "/tmp".equals(string(m.getAsJsonObject(), "mountPath"))).isTrue());
        JsonObject resources = container.getAsJsonObject("resources");
        for (String what : List.of("cpu", "memory")) {
          assertThat(string(resources, "requests", what)).as(c + " requests." + what).isNotNull();
          assertThat(string(resources, "limits", what)).as(c + " limits." + what).isNotNull();
        }
        assertThat(string(resources, "requests", "memory")).as(c + ": memory request = limit").isEqualTo(string(resources, "limits", "memory"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyObjectLivesInTheAppNamespace(String scenario) throws Exception {
    for (JsonObject object : Manifests.render(scenario)) {
      assertThat(string(object, "metadata", "namespace")).as(id(object)).isEqualTo("chirp");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void servicesAreProbedAndGivenTimeToDrain(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    Map<String, String> config = configMap(objects, "chirp-config");
    long drainSeconds = (Long.parseLong(config.get("CHIRP_SHUTDOWN_UNREADY_DELAY_MS")) + Long.parseLong(config.get("CHIRP_SHUTDOWN_TIMEOUT_MS"))) / 1000;
    for (JsonObject workload : ofKind(objects, "Deployment", "StatefulSet")) {
      JsonObject container = containers(workload).get(0);
      String w = id(workload);
      assertThat(string(container, "startupProbe", "httpGet", "path")).as(w).isEqualTo("/health/live");
      assertThat(string(container, "livenessProbe", "httpGet", "path")).as(w).isEqualTo("/health/live");
      assertThat(string(container, "readinessProbe", "httpGet", "path")).as(w).isEqualTo("/health/ready?scope=instance");
      assertThat(Long.parseLong(string(podSpec(workload), "terminationGracePeriodSeconds"))).as(w + " grace >= drain + 5 s")
          .isGreaterThanOrEqualTo(drainSeconds + 5);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void selectorsMatchPodsAndPortsExistOnThem(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    List<JsonObject> workloads = ofKind(objects, "Deployment", "StatefulSet");
    for (JsonObject workload : workloads) {
      assertThat(ofKind(objects, "PodDisruptionBudget")).as(id(workload) + " has a PDB").anySatisfy(pdb ->
          assertThat(selects(pdb.getAsJsonObject("spec").getAsJsonObject("selector").getAsJsonObject("matchLabels"), workload)).isTrue());
    }
    for (JsonObject selector : ofKind(objects, "PodDisruptionBudget")) {
      assertThat(workloads).as(id(selector)).anySatisfy(w ->
          assertThat(selects(selector.getAsJsonObject("spec").getAsJsonObject("selector").getAsJsonObject("matchLabels"), w)).isTrue());
    }
    for (JsonObject service : ofKind(objects, "Service")) {
      JsonObject spec = service.getAsJsonObject("spec");
      List<JsonObject> selected = workloads.stream().filter(w -> selects(spec.getAsJsonObject("selector"), w)).toList();
      assertThat(selected).as(id(service) + " selects pods").isNotEmpty();
      for (JsonElement port : spec.getAsJsonArray("ports")) {
        String target = string(port.getAsJsonObject(), "targetPort");
        for (JsonObject w : selected) {
          assertThat(containers(w).get(0).getAsJsonArray("ports")).as(id(service) + " port " + target + " on " + id(w)).anySatisfy(p ->
              assertThat(target).isIn(string(p.getAsJsonObject(), "name"), string(p.getAsJsonObject(), "containerPort")));
        }
      }
    }
    for (JsonObject monitor : ofKind(objects, "ServiceMonitor")) {
      JsonObject matchLabels = monitor.getAsJsonObject("spec").getAsJsonObject("selector").getAsJsonObject("matchLabels");
      List<JsonObject> services = ofKind(objects, "Service").stream().filter(s -> selects(matchLabels, labels(s))).toList();
      assertThat(services).as(id(monitor)).isNotEmpty();
      for (JsonElement endpoint : monitor.getAsJsonObject("spec").getAsJsonArray("endpoints")) {
        String port = string(endpoint.getAsJsonObject(), "port");
        assertThat(services).allSatisfy(s -> assertThat(s.getAsJsonObject("spec").getAsJsonArray("ports").toString()).contains("\"name\":\"" + port + "\""));
        assertThat(string(endpoint.getAsJsonObject(), "path")).isEqualTo("/metrics");
      }
    }
    for (JsonObject scaler : ofKind(objects, "HorizontalPodAutoscaler", "ScaledObject")) {
      String target = string(scaler.getAsJsonObject("spec"), "scaleTargetRef", "name");
      assertThat(workloads).as(id(scaler) + " targets a workload").anySatisfy(w -> assertThat(name(w)).isEqualTo(target));
      JsonObject targetWorkload = workloads.stream().filter(w -> name(w).equals(target)).findFirst().orElseThrow();
      assertThat(targetWorkload.getAsJsonObject("spec").has("replicas")).as(target + ": the autoscaler owns its replica count").isFalse();
    }
    for (JsonObject statefulSet : ofKind(objects, "StatefulSet")) {
      String headless = string(statefulSet.getAsJsonObject("spec"), "serviceName");
      assertThat(ofKind(objects, "Service")).as(id(statefulSet)).anySatisfy(s -> {
        assertThat(name(s)).isEqualTo(headless);
        assertThat(string(s.getAsJsonObject("spec"), "clusterIP")).isEqualTo("None");
      });
      assertThat(string(statefulSet.getAsJsonObject("spec"), "podManagementPolicy")).isEqualTo("Parallel");
      assertThat(env(containers(statefulSet).get(0)).get("CHIRP_NODE_INDEX")).as(id(statefulSet))
          .isEqualTo("fieldRef:metadata.labels['apps.kubernetes.io/pod-index']");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyChirpVariableIsAKeyTheProgramAccepts(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    for (JsonObject workload : workloads(objects)) {
      for (JsonObject container : containers(workload)) {
        io.vertx.core.json.JsonObject defaults = defaultsOf(imageRepository(string(container, "image")));
        Map<String, String> variables = new LinkedHashMap<>(env(container));
        if (container.has("envFrom")) {
          for (JsonElement from : container.getAsJsonArray("envFrom")) {
            String configMap = string(from.getAsJsonObject(), "configMapRef", "name");
            assertThat(configMap).as(id(workload) + " envFrom only ConfigMaps").isNotNull();
            variables.putAll(configMapByRenderedName(objects, configMap));
          }
        }
        assertThat(variables.keySet().stream().filter(k -> k.startsWith("CHIRP_")).filter(k -> !ChirpConfig.knows(defaults, k)).toList())
            .as(id(workload) + ": CHIRP_* variables its program does not know").isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void imagesAreWhatJibBuildsAndOnlyFollowSvcHoldsTheSigningKey(String scenario) throws Exception {
    String version = System.getProperty("chirp.version");
    for (JsonObject workload : workloads(Manifests.render(scenario))) {
      for (JsonObject container : containers(workload)) {
        String image = string(container, "image");
        assertThat(PROGRAMS).as(id(workload) + " image " + image).containsKey(imageRepository(image));
        assertThat(image).as(id(workload)).endsWith(":" + version);
      }
      List<String> secrets = new ArrayList<>();
      podSpec(workload).getAsJsonArray("volumes").forEach(v -> {
        String secret = string(v.getAsJsonObject(), "secret", "secretName");
        if (secret != null) secrets.add(secret);
        if (v.getAsJsonObject().has("projected")) secrets.add(v.getAsJsonObject().get("projected").toString());
      });
      for (JsonObject container : containers(workload)) {
        env(container).values().stream().filter(v -> v.startsWith("secretKeyRef:")).forEach(v -> secrets.add(v.substring("secretKeyRef:".length())));
        if (container.has("envFrom")) container.getAsJsonArray("envFrom").forEach(f -> {
          String secret = string(f.getAsJsonObject(), "secretRef", "name");
          if (secret != null) secrets.add(secret);
        });
      }
      if (name(workload).equals("follow-svc")) assertThat(secrets).contains("chirp-jwt-signing");
      else assertThat(secrets).as(id(workload)).doesNotContain("chirp-jwt-signing").allSatisfy(s -> assertThat(s).isIn(ENGINE_SECRETS));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theFanoutScalerReadsTheTopicsAndSubscriptionTheWorkerUses(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    List<JsonObject> scaledObjects = ofKind(objects, "ScaledObject");
    if (scaledObjects.isEmpty()) return;
    io.vertx.core.json.JsonObject common = defaults("common/src/main/resources/chirp-defaults.json");
    io.vertx.core.json.JsonObject worker = defaults(PROGRAMS.get("chirp-fanout-worker"));
    Map<String, String> config = configMap(objects, "chirp-config");
    assertThat(ofKind(objects, "HorizontalPodAutoscaler")).noneSatisfy(hpa ->
        assertThat(string(hpa.getAsJsonObject("spec"), "scaleTargetRef", "name")).isEqualTo("fanout-worker"));
    List<String> topics = new ArrayList<>();
    for (JsonElement trigger : scaledObjects.get(0).getAsJsonObject("spec").getAsJsonArray("triggers")) {
      JsonObject metadata = trigger.getAsJsonObject().getAsJsonObject("metadata");
      assertThat(string(trigger.getAsJsonObject(), "type")).isEqualTo("pulsar");
      assertThat(metadata.get("subscription").getAsString()).isEqualTo(worker.getString("fanout.subscription"));
      assertThat(metadata.get("adminURL").getAsString()).isEqualTo(config.get("CHIRP_PULSAR_ADMIN_URL"));
      topics.add(metadata.get("topic").getAsString());
    }
    assertThat(topics).containsExactlyInAnyOrder(common.getString("pulsar.tweet-topic"), common.getString("pulsar.follow-topic"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theHttpRoutesRouteAsTheLocalEntryPointDoes(String scenario) throws Exception {
    List<EntryRoutes.Match> gateway = GatewayRoutes.of(Manifests.render(scenario));
    if (gateway.isEmpty()) return;
    for (String path : samplePaths()) {
      assertThat(GatewayRoutes.route(gateway, path)).as(path).isEqualTo(EntryRoutes.route(path));
      assertThat(GatewayRoutes.route(EntryRoutes.TABLE, path)).as("the local table is unambiguous at " + path).isEqualTo(EntryRoutes.route(path));
    }
    for (String path : DOT_SEGMENT_PATHS) {
      // A gateway normalises the path before matching (RFC 3986); the local entry point refuses such paths.
      String normalised = java.net.URI.create(path.replaceAll("(?i)%2e", ".")).normalize().getPath();
      Optional<EntryRoutes.Route> route = GatewayRoutes.route(gateway, normalised);
      assertThat(route.map(EntryRoutes.Route::upstreamPath).orElse("")).as(path).doesNotStartWith("/metrics").doesNotStartWith("/health");
      assertThat(EntryRoutes.route(path)).as(path).isEmpty();
    }
  }

  @Test
  void anAmbiguousRouteTableIsCaught() {
    List<EntryRoutes.Match> overlapping = List.of(
        new EntryRoutes.Match(EntryRoutes.MatchType.PATH_PREFIX, "/api/v1/users", "follow-svc", Optional.empty()),
        new EntryRoutes.Match(EntryRoutes.MatchType.REGULAR_EXPRESSION, "/api/v1/users/[^/]+/tweets/?", "tweet-svc", Optional.empty()));
    assertThatThrownBy(() -> GatewayRoutes.route(overlapping, "/api/v1/users/1/tweets")).hasMessageContaining("several services");
  }

  static final List<String> SAMPLE_PATHS = List.of(
      "/api/v1/tweets", "/api/v1/tweets/", "/api/v1/tweets/118631213400330240", "/api/v1/tweetsx",
      "/api/v1/users/42/tweets", "/api/v1/users/42/tweets/", "/api/v1/users/abc/tweets", "/api/v1/users/42/tweets/7",
      "/api/v1/users/42/home_timeline", "/api/v1/users/42/home_timeline/", "/api/v1/users/42/home_timelinex",
      "/api/v1/users", "/api/v1/users/", "/api/v1/sessions", "/api/v1/sessions/x", "/api/v1/users/42", "/api/v1/users/42/",
      "/api/v1/users/42/followers", "/api/v1/users/42/following", "/api/v1/users/42/following/43", "/api/v1/users/42/unknown",
      "/api/v1/users/by-handle", "/api/v1/users/by-handle/alice", "/api/v1/users/by-handle/tweets",
      "/api/v1/users/by-handle/home_timeline", "/api/v1/users/by-handle/followers",
      "/openapi/tweet-svc.yaml", "/openapi/follow-svc.yaml", "/openapi/timeline-svc.yaml", "/openapi/fanout-worker.yaml",
      "/openapi.yaml", "/metrics", "/health/ready", "/health/live", "/api/v1/metrics", "/", "/api/v2/tweets");
  /**
   * The hand-picked paths plus every path of up to three segments over the words the routes are made of, with and
   * without a trailing slash: any overlap between two services' matches shows up as an ambiguous path.
   */
  static List<String> samplePaths() {
    List<String> words = List.of("42", "abc", "by-handle", "tweets", "home_timeline", "followers", "following", "users",
        "sessions", "metrics", "tweet-svc.yaml");
    List<String> paths = new ArrayList<>(SAMPLE_PATHS);
    List<String> level = new ArrayList<>(List.of("/api/v1/users", "/api/v1/tweets", "/api/v1/sessions", "/openapi", "/api/v1", ""));
    for (int depth = 0; depth < 3; depth++) {
      List<String> next = new ArrayList<>();
      for (String prefix : level) for (String word : words) next.add(prefix + "/" + word);
      for (String path : next) {
        paths.add(path);
        paths.add(path + "/");
      }
      level = next;
    }
    return paths;
  }

  static final List<String> DOT_SEGMENT_PATHS = List.of(
      "/api/v1/tweets/../../metrics", "/api/v1/tweets/%2e%2e/%2E%2E/metrics", "/api/v1/users/42/../../../health/ready",
      "/openapi/../metrics", "/api/v1/tweets/./../../../metrics");

  // --- helpers ---

  private static boolean selects(JsonObject matchLabels, JsonObject workload) {
    return selects(matchLabels, labels(podTemplate(workload)));
  }

  private static boolean selects(JsonObject matchLabels, Map<String, String> labels) {
    if (matchLabels == null) return false;
    return Manifests.strings(matchLabels).entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static Map<String, String> env(JsonObject container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!container.has("env")) return env;
    for (JsonElement e : container.getAsJsonArray("env")) {
      JsonObject variable = e.getAsJsonObject();
      String value = variable.has("value") ? variable.get("value").getAsString()
          : variable.has("valueFrom") && variable.getAsJsonObject("valueFrom").has("fieldRef")
          ? "fieldRef:" + string(variable, "valueFrom", "fieldRef", "fieldPath")
          : "secretKeyRef:" + string(variable, "valueFrom", "secretKeyRef", "name");
      env.put(variable.get("name").getAsString(), value);
    }
    return env;
  }

  /** A generated ConfigMap by its base name (kustomize appends a content hash). */
  private static Map<String, String> configMap(List<JsonObject> objects, String baseName) {
    List<JsonObject> found = ofKind(objects, "ConfigMap").stream()
        .filter(c -> name(c).equals(baseName) || name(c).matches(java.util.regex.Pattern.quote(baseName) + "-[a-z0-9]{10}")).toList();
    assertThat(found).as("ConfigMap " + baseName).hasSize(1);
    return Manifests.strings(found.get(0).get("data"));
  }

  private static Map<String, String> configMapByRenderedName(List<JsonObject> objects, String renderedName) {
    List<JsonObject> found = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).equals(renderedName)).toList();
    assertThat(found).as("ConfigMap " + renderedName + " is rendered").hasSize(1);
    return Manifests.strings(found.get(0).get("data"));
  }

  private static String imageRepository(String image) {
    String withoutTag = image.replaceFirst(":[^:/]+$", "");
    return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
  }

  private static final Map<String, String> DEFAULTS = new HashMap<>();

  /** The program's defaults: the common file plus its own, as ChirpConfig loads them. */
  private static io.vertx.core.json.JsonObject defaultsOf(String repository) throws IOException {
    io.vertx.core.json.JsonObject merged = defaults("common/src/main/resources/chirp-defaults.json").copy();
    merged.mergeIn(defaults(PROGRAMS.get(repository)));
    return merged;
  }

  private static io.vertx.core.json.JsonObject defaults(String file) throws IOException {
    if (!DEFAULTS.containsKey(file)) DEFAULTS.put(file, Files.readString(Manifests.ROOT.resolve(file)));
    return new io.vertx.core.json.JsonObject(DEFAULTS.get(file));
  }
}
