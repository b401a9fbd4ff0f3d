package dev.chirp.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.chirp.k8s.Manifests.id;
import static dev.chirp.k8s.Manifests.labels;
import static dev.chirp.k8s.Manifests.name;
import static dev.chirp.k8s.Manifests.ofKind;
import static dev.chirp.k8s.Manifests.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the rendered objects fit together: the network policies let each program reach exactly its engines, every
 * credential file a program is told about is a mounted Secret item, routes reach real Service ports, disruption
 * budgets cannot block a node drain, and Argo CD creates what the schema Job reads before it.
 */
class WiringPolicyTest {
  /** A mounted Secret means the program uses that engine; the endpoint variable its port comes from. */
  private static final Map<String, String> ENGINE_OF_SECRET = Map.of(
      "chirp-cassandra", "CHIRP_CASSANDRA_CONTACT_POINTS", "chirp-neo4j", "CHIRP_NEO4J_URI",
      "chirp-pulsar", "CHIRP_PULSAR_SERVICE_URL", "chirp-redis", "CHIRP_REDIS_URI");
  /** Programs that read the broker's admin API too (the backlog poller, the schema program). */
  private static final Set<String> PULSAR_ADMIN_USERS = Set.of("fanout-worker", "chirp-schema");

  static List<String> scenarios() throws Exception {
    return RenderAndValidateTest.scenarios();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void networkPoliciesLetEachProgramReachItsEnginesAndNothingElseReachesIt(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    List<JsonObject> policies = ofKind(objects, "NetworkPolicy");
    if (policies.isEmpty()) return;
    assertThat(policies).as("a default deny").anySatisfy(p -> {
      assertThat(p.getAsJsonObject("spec").getAsJsonObject("podSelector").entrySet()).isEmpty();
      assertThat(p.getAsJsonObject("spec").has("ingress") || p.getAsJsonObject("spec").has("egress")).isFalse();
    });
    List<JsonObject> workloads = ofKind(objects, "Deployment", "StatefulSet", "Job");
    for (JsonObject policy : policies) {
      JsonObject selector = policy.getAsJsonObject("spec").getAsJsonObject("podSelector");
      List<JsonObject> selected = workloads.stream().filter(w -> selects(selector, w)).toList();
      assertThat(selected).as(id(policy) + " selects pods").isNotEmpty();
      for (JsonElement rule : array(policy.getAsJsonObject("spec"), "ingress")) {
        for (JsonElement port : array(rule.getAsJsonObject(), "ports")) {
          int number = port.getAsJsonObject().get("port").getAsInt();
          for (JsonObject w : selected) {
            assertThat(containerPorts(w)).as(id(policy) + " ingress port on " + id(w)).contains(number);
          }
        }
      }
    }
    Map<String, String> config = configMap(objects, "chirp-config");
    for (JsonObject workload : workloads) {
      List<JsonObject> egress = policies.stream().filter(p -> selects(p.getAsJsonObject("spec").getAsJsonObject("podSelector"), workload))
          .flatMap(p -> array(p.getAsJsonObject("spec"), "egress").stream()).map(JsonElement::getAsJsonObject).toList();
      assertThat(allowedPorts(egress, "kube-system")).as(id(workload) + " DNS").contains(53);
      Set<Integer> engines = allowedPorts(egress, "chirp-data");
      List<Integer> needed = new ArrayList<>();
      for (String secret : mountedSecrets(workload)) {
        if (ENGINE_OF_SECRET.containsKey(secret)) needed.add(port(config.get(ENGINE_OF_SECRET.get(secret))));
      }
      if (PULSAR_ADMIN_USERS.contains(name(workload))) {
        needed.add(port(config.get("CHIRP_PULSAR_ADMIN_URL")));
      }
      assertThat(engines).as(id(workload) + ": the engine ports it needs, and only those").containsExactlyInAnyOrderElementsOf(needed);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyCredentialFileIsAMountedSecretItem(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    Map<String, String> config = configMap(objects, "chirp-config");
    for (JsonObject workload : ofKind(objects, "Deployment", "StatefulSet", "Job")) {
      Map<String, String> mountedFiles = mountedSecretFiles(workload);
      Map<String, String> env = new HashMap<>(config);
      JsonObject container = podTemplate(workload).getAsJsonObject("spec").getAsJsonArray("containers").get(0).getAsJsonObject();
      for (JsonElement e : array(container, "env")) {
        JsonObject variable = e.getAsJsonObject();
        if (variable.has("value")) env.put(variable.get("name").getAsString(), variable.get("value").getAsString());
      }
      for (String secret : mountedSecrets(workload)) {
        String fileVariable = switch (secret) {
          case "chirp-cassandra" -> "CHIRP_CASSANDRA_PASSWORD_FILE";
          case "chirp-neo4j" -> "CHIRP_NEO4J_PASSWORD_FILE";
          case "chirp-pulsar" -> "CHIRP_PULSAR_AUTH_TOKEN_FILE";
          case "chirp-redis" -> "CHIRP_REDIS_PASSWORD_FILE";
          case "chirp-jwt-public" -> "CHIRP_JWT_PUBLIC_KEY_FILE";
          case "chirp-jwt-signing" -> "CHIRP_JWT_PRIVATE_KEY_FILE";
          default -> throw new AssertionError(id(workload) + " mounts an unknown Secret " + secret);
        };
        assertThat(mountedFiles).as(id(workload) + " " + fileVariable + "=" + env.get(fileVariable))
            .containsEntry(env.get(fileVariable), secret);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void routesReachServicePortsAndBudgetsNeverBlockADrain(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    for (JsonObject route : ofKind(objects, "HTTPRoute")) {
      for (JsonElement rule : array(route.getAsJsonObject("spec"), "rules")) {
        for (JsonElement backend : array(rule.getAsJsonObject(), "backendRefs")) {
          String service = backend.getAsJsonObject().get("name").getAsString();
          int port = backend.getAsJsonObject().get("port").getAsInt();
          assertThat(ofKind(objects, "Service")).as(id(route) + " → " + service + ":" + port).anySatisfy(s -> {
            assertThat(name(s)).isEqualTo(service);
            assertThat(array(s.getAsJsonObject("spec"), "ports").stream().map(p -> p.getAsJsonObject().get("port").getAsInt()).toList()).contains(port);
          });
        }
      }
    }
    for (JsonObject budget : ofKind(objects, "PodDisruptionBudget")) {
      JsonObject spec = budget.getAsJsonObject("spec");
      assertThat(spec.has("maxUnavailable") && spec.get("maxUnavailable").getAsInt() >= 1)
          .as(id(budget) + ": maxUnavailable ≥ 1 (a minAvailable equal to the replicas would block every node drain)").isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void argoCreatesWhatTheSchemaJobReadsBeforeIt(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    for (JsonObject job : ofKind(objects, "Job")) {
      int jobWave = wave(job);
      JsonObject container = podTemplate(job).getAsJsonObject("spec").getAsJsonArray("containers").get(0).getAsJsonObject();
      for (JsonElement from : array(container, "envFrom")) {
        String configMap = from.getAsJsonObject().getAsJsonObject("configMapRef").get("name").getAsString();
        JsonObject map = ofKind(objects, "ConfigMap").stream().filter(c -> name(c).equals(configMap)).findFirst().orElseThrow();
        assertThat(wave(map)).as(configMap + " before " + id(job)).isLessThan(jobWave);
      }
      for (JsonObject workload : ofKind(objects, "Deployment", "StatefulSet")) {
        assertThat(wave(workload)).as(id(workload) + " after " + id(job)).isGreaterThan(jobWave);
      }
    }
  }

  // --- helpers ---

  private static int wave(JsonObject object) {
    JsonObject annotations = object.getAsJsonObject("metadata").getAsJsonObject("annotations");
    return annotations == null || !annotations.has("argocd.argoproj.io/sync-wave") ? 0
        : Integer.parseInt(annotations.get("argocd.argoproj.io/sync-wave").getAsString());
  }

  private static List<JsonElement> array(JsonObject object, String field) {
    List<JsonElement> elements = new ArrayList<>();
    if (object != null && object.has(field)) object.getAsJsonArray(field).forEach(elements::add);
    return elements;
  }

  private static boolean selects(JsonObject podSelector, JsonObject workload) {
    Map<String, String> wanted = Manifests.strings(podSelector.get("matchLabels"));
    Map<String, String> labels = labels(podTemplate(workload));
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static List<Integer> containerPorts(JsonObject workload) {
    List<Integer> ports = new ArrayList<>();
    for (JsonElement container : podTemplate(workload).getAsJsonObject("spec").getAsJsonArray("containers")) {
      array(container.getAsJsonObject(), "ports").forEach(p -> ports.add(p.getAsJsonObject().get("containerPort").getAsInt()));
    }
    return ports;
  }

  /** Ports the egress rules allow towards a namespace (by its name label). */
  private static Set<Integer> allowedPorts(List<JsonObject> egress, String namespace) {
    Set<Integer> ports = new java.util.TreeSet<>();
    for (JsonObject rule : egress) {
      boolean toNamespace = array(rule, "to").stream().anyMatch(peer -> namespace.equals(
          Manifests.strings(peer.getAsJsonObject().getAsJsonObject("namespaceSelector").get("matchLabels")).get("kubernetes.io/metadata.name")));
      if (toNamespace) array(rule, "ports").forEach(p -> ports.add(p.getAsJsonObject().get("port").getAsInt()));
    }
    return ports;
  }

  private static List<String> mountedSecrets(JsonObject workload) {
    List<String> secrets = new ArrayList<>();
    for (JsonElement volume : array(podTemplate(workload).getAsJsonObject("spec"), "volumes")) {
      JsonObject secret = volume.getAsJsonObject().getAsJsonObject("secret");
      if (secret != null) secrets.add(secret.get("secretName").getAsString());
      assertThat(volume.getAsJsonObject().has("projected")).as(id(workload) + ": no projected volumes (the Secret checks read secret volumes)").isFalse();
    }
    return secrets;
  }

  /** Each file a mounted Secret item appears at, and the Secret it comes from. */
  private static Map<String, String> mountedSecretFiles(JsonObject workload) {
    Map<String, JsonObject> volumes = new LinkedHashMap<>();
    for (JsonElement volume : array(podTemplate(workload).getAsJsonObject("spec"), "volumes")) {
      volumes.put(volume.getAsJsonObject().get("name").getAsString(), volume.getAsJsonObject());
    }
    Map<String, String> files = new HashMap<>();
    for (JsonElement container : podTemplate(workload).getAsJsonObject("spec").getAsJsonArray("containers")) {
      for (JsonElement mount : array(container.getAsJsonObject(), "volumeMounts")) {
        JsonObject volume = volumes.get(mount.getAsJsonObject().get("name").getAsString());
        JsonObject secret = volume.getAsJsonObject("secret");
        if (secret == null) continue;
        for (JsonElement item : array(secret, "items")) {
          files.put(mount.getAsJsonObject().get("mountPath").getAsString() + "/" + item.getAsJsonObject().get("path").getAsString(),
              secret.get("secretName").getAsString());
        }
      }
    }
    return files;
  }

  private static int port(String endpoint) {
    String first = endpoint.split(",")[0].strip();
    if (!first.contains("://")) return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    return URI.create(first).getPort();
  }

  private static Map<String, String> configMap(List<JsonObject> objects, String baseName) {
    return ofKind(objects, "ConfigMap").stream()
        .filter(c -> name(c).matches(java.util.regex.Pattern.quote(baseName) + "(-[a-z0-9]{10})?"))
        .findFirst().map(c -> Manifests.strings(c.get("data"))).orElseThrow();
  }
}
