package dev.chirp.k8s;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay and test scenario renders with a real kubectl kustomize, and every object passes a strict model. */
class RenderAndValidateTest {
  private static final Map<String, String> SUMMARY = new TreeMap<>();

  static List<String> scenarios() throws Exception {
    return new ArrayList<>(Manifests.scenarios().keySet());
  }

  @Test
  void kubectlIsThePinnedRelease() throws Exception {
    assertThat(Kubectl.version()).contains("v1.35.").contains("Kustomize Version: v5.7");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void rendersAndEveryObjectPassesItsStrictModel(String scenario) throws Exception {
    List<JsonObject> objects = Manifests.render(scenario);
    long start = System.nanoTime();
    List<String> problems = objects.stream().flatMap(o -> StrictModels.problems(o).stream()).toList();
    long validateMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(problems).as(scenario).isEmpty();
    assertThat(objects).as(scenario).isNotEmpty();
    SUMMARY.put(scenario, String.format("%3d objects (%s); rendered in %d ms, validated in %d ms", objects.size(),
        objects.stream().collect(Collectors.groupingBy(Manifests::kind, TreeMap::new, Collectors.counting())),
        Manifests.renderMillis(scenario), validateMillis));
  }

  /** The engines' and platform's own objects, applied as files (helm values files are the charts' business). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"engines/cassandra/dc1-dev.yaml", "engines/cassandra/dc1-prod.yaml",
      "platform/manifests/gateway.yaml", "platform/manifests/namespaces.yaml"})
  void theEngineAndPlatformManifestsPassTheirStrictModels(String file) throws Exception {
    List<JsonObject> objects = Manifests.parse(Files.readString(Manifests.K8S.resolve(file)));
    assertThat(objects).isNotEmpty();
    assertThat(objects.stream().flatMap(o -> StrictModels.problems(o).stream()).toList()).as(file).isEmpty();
  }

  @Test
  void theGatewayTheRoutesAttachToIsThePlatformsGateway() throws Exception {
    List<JsonObject> platform = Manifests.parse(Files.readString(Manifests.K8S.resolve("platform/manifests/gateway.yaml")));
    JsonObject gateway = Manifests.ofKind(platform, "Gateway").get(0);
    for (JsonObject route : Manifests.ofKind(Manifests.render("overlays/prod"), "HTTPRoute")) {
      JsonObject parent = route.getAsJsonObject("spec").getAsJsonArray("parentRefs").get(0).getAsJsonObject();
      assertThat(parent.get("name").getAsString()).isEqualTo(Manifests.name(gateway));
      assertThat(route.getAsJsonObject("metadata").get("namespace").getAsString())
          .isEqualTo(gateway.getAsJsonObject("metadata").get("namespace").getAsString());
    }
  }

  @Test
  void theStrictModelsCatchAMisspeltOrMistypedField() {
    JsonObject deployment = Manifests.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: x
                  readinesProbe: {httpGet: {path: /, port: 80}}
        """).get(0);
    assertThat(StrictModels.problems(deployment)).singleElement().asString().contains("readinesProbe");

    JsonObject quantity = Manifests.parse("""
        apiVersion: v1
        kind: Service
        metadata: {name: x}
        spec:
          ports:
            - {port: "eighty"}
        """).get(0);
    assertThat(StrictModels.problems(quantity)).isNotEmpty();

    JsonObject scaledObject = Manifests.parse("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: x}
        spec:
          scaleTargetRef: {name: x}
          maxReplicas: 3
          triggers:
            - type: pulsar
              metadata: {msgBacklogThreshold: 10}
        """).get(0);
    assertThat(StrictModels.problems(scaledObject)).anySatisfy(p -> assertThat(p).contains("maxReplicas"))
        .anySatisfy(p -> assertThat(p).contains("msgBacklogThreshold").contains("expected string"));
  }

  @AfterAll
  static void printSummary() {
    System.out.println("=== k8s: objects per scenario ===");
    SUMMARY.forEach((scenario, line) -> System.out.printf("%-32s %s%n", scenario, line));
  }
}
