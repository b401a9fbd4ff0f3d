package dev.chirp.it;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.http.Observability;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.fanout.FanoutWorkerWiring;
import dev.chirp.follow.FollowServiceWiring;
import dev.chirp.timeline.TimelineServiceWiring;
import dev.chirp.tweet.TweetServiceWiring;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every service is ready exactly when the engines it needs answer, and says which one is down when one is not. */
@ExtendWith(ChirpEngines.class)
class ServicesReadinessIT {
  private Vertx vertx;
  private WebClient client;

  static Stream<Arguments> services() {
    return Stream.of(
        service("tweet-svc", TweetServiceWiring::open, List.of("cassandra", "neo4j", "pulsar")),
        service("follow-svc", FollowServiceWiring::open, List.of("neo4j", "pulsar")),
        service("timeline-svc", TimelineServiceWiring::open, List.of("cassandra", "neo4j", "redis")),
        // "events": whether the worker takes new events (down while it waits out an engine's outage).
        service("fanout-worker", FanoutWorkerWiring::open, List.of("cassandra", "events", "neo4j", "pulsar", "redis")));
  }

  private static Arguments service(String name, BiFunction<Vertx, ChirpConfig, ServiceMain.Wiring> wiring, List<String> engines) {
    return Arguments.of(name, wiring, engines);
  }

  @BeforeEach
  void startVertx() {
    vertx = Observability.newVertx();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void isReadyWhenEveryEngineItNeedsAnswers(String name, BiFunction<Vertx, ChirpConfig, ServiceMain.Wiring> wiring, List<String> engines,
                                            TestEngines testEngines) throws Exception {
    ChirpConfig config = result(testEngines.config(vertx, name + ".json"));
    result(ServiceMain.deploy(vertx, wiring.apply(vertx, config)));
    int port = config.integer("http.port");

    assertThat(result(client.get(port, "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      HttpResponse<Buffer> ready = result(client.get(port, "127.0.0.1", "/health/ready").send());
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      assertThat(checks(ready.bodyAsJsonObject())).isEqualTo(upAll(engines));
    });
    HttpResponse<Buffer> metrics = result(client.get(port, "127.0.0.1", "/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void isNotReadyAndNamesTheEngineThatIsDown(String name, BiFunction<Vertx, ChirpConfig, ServiceMain.Wiring> wiring, List<String> engines,
                                             TestEngines testEngines) throws Exception {
    String down = engines.get(engines.size() - 1);
    int closedPort = TestEngines.freePort();
    Map<String, String> brokenEndpoint = Map.of(
        "cassandra", Map.of("cassandra.contact-points", "127.0.0.1:" + closedPort),
        "neo4j", Map.of("neo4j.uri", "bolt://127.0.0.1:" + closedPort),
        "pulsar", Map.of("pulsar.service-url", "pulsar://127.0.0.1:" + closedPort),
        "redis", Map.of("redis.uri", "redis://127.0.0.1:" + closedPort)).get(down);
    ChirpConfig config = result(testEngines.config(vertx, name + ".json")).with(brokenEndpoint);
    result(ServiceMain.deploy(vertx, wiring.apply(vertx, config)));
    int port = config.integer("http.port");

    HttpResponse<Buffer> ready = result(client.get(port, "127.0.0.1", "/health/ready").send());
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(503);
    assertThat(checks(ready.bodyAsJsonObject())).containsEntry(down, "DOWN");
    assertThat(result(client.get(port, "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
  }

  private static Map<String, String> checks(JsonObject health) {
    Map<String, String> byEngine = new java.util.TreeMap<>();
    health.getJsonArray("checks").forEach(o -> byEngine.put(((JsonObject) o).getString("id"), ((JsonObject) o).getString("status")));
    return byEngine;
  }

  private static Map<String, String> upAll(List<String> engines) {
    Map<String, String> up = new java.util.TreeMap<>();
    engines.forEach(e -> up.put(e, "UP"));
    return up;
  }

  private static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
