package dev.chirp.deploy;

import dev.chirp.deploy.engine.EngineSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each service child is told: its own keys only, so a service never fails on another service's override. */
class ServiceEnvironmentTest {
  @TempDir
  Path home;

  private List<ServiceComponent> built(Map<String, String> extraConfig) throws Exception {
    return built(extraConfig, Map.of());
  }

  private List<ServiceComponent> built(Map<String, String> extraConfig, Map<String, Integer> replicas) throws Exception {
    for (String module : List.of("tweet-svc", "fanout-worker")) {
      Path target = Files.createDirectories(home.resolve(module).resolve("target/classes")).getParent();
      Files.writeString(target.resolve("runtime.classpath"), "");
      Files.writeString(target.resolve("chirp-" + module + "-0.1.0.jar"), "");
    }
    Files.writeString(home.resolve("tweet-svc/target/classes/tweet-svc.json"), "{\"http.port\": 8081, \"tweets.replay-wait-ms\": 7000}");
    Files.writeString(home.resolve("fanout-worker/target/classes/fanout-worker.json"),
        "{\"http.port\": 8084, \"fanout.celebrity-threshold\": 10000}");
    return ServiceComponent.built(home, new PortPlan(0), new Endpoints(9042, "bolt://127.0.0.1:7687",
        "pulsar://127.0.0.1:6650", "http://127.0.0.1:8090", "redis://127.0.0.1:6379"), EngineSettings.defaults(false), extraConfig,
        replicas);
  }

  @Test
  void eachServiceGetsTheOverridesThatAreItsOwnKeys() throws Exception {
    List<ServiceComponent> services = built(Map.of("fanout.celebrity-threshold", "3"));
    StackLayout layout = new StackLayout(home.resolve(".chirp"));
    Map<String, String> inherited = Map.of("CHIRP_TWEETS_REPLAY_WAIT_MS", "100", "CHIRP_HOME", "/x", "PATH", "/bin");
    Map<String, String> tweet = service(services, "tweet-svc").environment(layout, inherited);
    Map<String, String> fanout = service(services, "fanout-worker").environment(layout, inherited);

    assertThat(tweet).containsEntry("CHIRP_TWEETS_REPLAY_WAIT_MS", "100").containsEntry("CHIRP_HTTP_PORT", "8081")
        .containsEntry("CHIRP_NODE_INDEX", "0").doesNotContainKeys("CHIRP_FANOUT_CELEBRITY_THRESHOLD", "CHIRP_HOME", "PATH");
    assertThat(fanout).containsEntry("CHIRP_FANOUT_CELEBRITY_THRESHOLD", "3").containsEntry("CHIRP_HTTP_PORT", "8084")
        .doesNotContainKeys("CHIRP_TWEETS_REPLAY_WAIT_MS", "CHIRP_HOME");
  }

  @Test
  void eachInstanceHasItsOwnNamePortLogAndNodeIndex() throws Exception {
    List<ServiceComponent> services = built(Map.of(), Map.of("tweet-svc", 3, "fanout-worker", 2));
    StackLayout layout = new StackLayout(home.resolve(".chirp"));

    assertThat(services).extracting(ServiceComponent::name)
        .containsExactly("tweet-svc", "tweet-svc-2", "tweet-svc-3", "fanout-worker", "fanout-worker-2");
    assertThat(services).extracting(ServiceComponent::service)
        .containsExactly("tweet-svc", "tweet-svc", "tweet-svc", "fanout-worker", "fanout-worker");
    assertThat(services).extracting(ServiceComponent::mainPort).doesNotHaveDuplicates().startsWith(8081).contains(8084);
    assertThat(services).extracting(service -> service.log(layout)).doesNotHaveDuplicates()
        .contains(layout.log("tweet-svc-3"), layout.log("fanout-worker-2"));
    List<String> nodeIndexes = new ArrayList<>();
    for (ServiceComponent service : services) {
      Map<String, String> env = service.environment(layout, Map.of());
      assertThat(env).containsEntry("CHIRP_HTTP_PORT", Integer.toString(service.mainPort()));
      nodeIndexes.add(env.get("CHIRP_NODE_INDEX"));
    }
    assertThat(nodeIndexes).containsExactly("0", "1", "2", "0", "1");

    Map<String, String> first = new HashMap<>(service(services, "tweet-svc").environment(layout, Map.of()));
    Map<String, String> third = new HashMap<>(service(services, "tweet-svc-3").environment(layout, Map.of()));
    for (String perInstance : List.of("CHIRP_HTTP_PORT", "CHIRP_NODE_INDEX")) {
      first.remove(perInstance);
      third.remove(perInstance);
    }
    assertThat(third).as("everything else as for instance 0").isEqualTo(first).containsKey("CHIRP_NEO4J_URI");
  }

  @Test
  void aVariableNoServiceKnowsStopsTheStackNamingIt() throws Exception {
    List<ServiceComponent> services = built(Map.of());
    ServiceComponent.checkEnvironment(services, Map.of("CHIRP_HOME", "/x", "CHIRP_FANOUT_CELEBRITY_THRESHOLD", "5",
        "CHIRP_TWEETS_REPLAY_WAIT_MS", "1"));
    assertThatThrownBy(() -> ServiceComponent.checkEnvironment(services, Map.of("CHIRP_FANOUT_CELEBRITY_TRESHOLD", "5")))
        .hasMessageContaining("CHIRP_FANOUT_CELEBRITY_TRESHOLD");
  }

  private static ServiceComponent service(List<ServiceComponent> services, String name) {
    return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
