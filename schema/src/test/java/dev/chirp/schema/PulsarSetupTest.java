package dev.chirp.schema;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PulsarSetupTest {
  private static final List<String> TOPICS = List.of("persistent://chirp/events/tweets", "persistent://chirp/events/follows");

  /** A Pulsar admin API in memory: answers 409 for what exists, records every request. */
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final Set<String> existing = new HashSet<>();
  private String clusters = "[\"eu-west\",\"eu-north\"]";
  private String failPath;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(exchange.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body) + (auth == null ? "" : " [" + auth + "]"));
      int status;
      byte[] answer = new byte[0];
      if (path.equals(failPath)) {
        status = 500;
        answer = "{\"reason\":\"broken\"}".getBytes(StandardCharsets.UTF_8);
      } else if (exchange.getRequestMethod().equals("GET") && path.equals("/admin/v2/clusters")) {
        status = 200;
        answer = clusters.getBytes(StandardCharsets.UTF_8);
      } else {
        status = existing.add(path) ? 204 : 409;
      }
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PulsarAdminClient admin() {
    return new PulsarAdminClient("http://127.0.0.1:" + server.getAddress().getPort() + "/", Optional.empty());
  }

  @Test
  void plansEachTenantAndNamespaceOnceBeforeTheTopics() {
    PulsarSetup.Plan plan = PulsarSetup.plan(List.of("persistent://chirp/events/tweets", "persistent://chirp/events/follows",
        "persistent://chirp/test/x", "persistent://other/ns/y"));
    assertThat(plan.tenants()).containsExactly("chirp", "other");
    assertThat(plan.namespaces()).containsExactly("chirp/events", "chirp/test", "other/ns");
    assertThat(plan.topics()).containsExactly("chirp/events/tweets", "chirp/events/follows", "chirp/test/x", "other/ns/y");
  }

  @Test
  void refusesNamesThatAreNotPlainPersistentTopics() {
    for (String bad : List.of("non-persistent://chirp/events/tweets", "persistent://chirp/events", "persistent://chirp/events/a/b",
        "persistent://chirp/events/t?x=1", "chirp/events/tweets")) {
      assertThatThrownBy(() -> PulsarSetup.plan(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> PulsarSetup.checkSubscription("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PulsarSetup.checkNamespace("chirp")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void createsTenantsOnTheBrokersClustersThenNamespacesTopicsAndTheSubscriptionAtTheEarliestMessage() {
    PulsarResult result = PulsarSetup.apply(admin(), PulsarSetup.plan(TOPICS), "fanout-worker", TOPICS, line -> { });
    assertThat(requests).containsExactly(
        "GET /admin/v2/clusters",
        "PUT /admin/v2/tenants/chirp {\"allowedClusters\":[\"eu-west\",\"eu-north\"],\"adminRoles\":[]}",
        "PUT /admin/v2/namespaces/chirp/events",
        "PUT /admin/v2/persistent/chirp/events/tweets",
        "PUT /admin/v2/persistent/chirp/events/follows",
        "PUT /admin/v2/persistent/chirp/events/tweets/subscription/fanout-worker " + PulsarSetup.EARLIEST,
        "PUT /admin/v2/persistent/chirp/events/follows/subscription/fanout-worker " + PulsarSetup.EARLIEST);
    assertThat(new JsonObject(PulsarSetup.EARLIEST).getLong("ledgerId")).isEqualTo(-1L);
    assertThat(new JsonObject(PulsarSetup.EARLIEST).getLong("entryId")).isEqualTo(-1L);
    assertThat(result.allowedClusters()).containsExactly("eu-west", "eu-north");
    assertThat(result.created()).hasSize(6);
    assertThat(result.existing()).isEmpty();
  }

  @Test
  void whatIsThereAlreadyCountsAsDone() {
    PulsarSetup.apply(admin(), PulsarSetup.plan(TOPICS), "fanout-worker", TOPICS, line -> { });
    List<String> printed = new ArrayList<>();
    PulsarResult again = PulsarSetup.apply(admin(), PulsarSetup.plan(TOPICS), "fanout-worker", TOPICS, printed::add);
    assertThat(again.created()).isEmpty();
    assertThat(again.existing()).hasSize(6);
    assertThat(printed).hasSize(6).allSatisfy(line -> assertThat(line).endsWith("already there"));
  }

  @Test
  void anyOtherRefusalFailsNamingWhatAndWhy() {
    failPath = "/admin/v2/namespaces/chirp/events";
    assertThatThrownBy(() -> PulsarSetup.apply(admin(), PulsarSetup.plan(TOPICS), "fanout-worker", TOPICS, line -> { }))
        .hasMessageContaining("namespace chirp/events").hasMessageContaining("500").hasMessageContaining("broken");
  }

  @Test
  void aBrokerWithoutClustersIsAnError() {
    clusters = "[]";
    assertThatThrownBy(() -> PulsarSetup.namespace(admin(), "chirp/test", line -> { })).hasMessageContaining("no cluster");
  }

  @Test
  void aNamespaceAloneCreatesItsTenantFirst() {
    clusters = "[\"standalone\"]";
    PulsarSetup.namespace(admin(), "chirp/test", line -> { });
    assertThat(requests).containsExactly("GET /admin/v2/clusters",
        "PUT /admin/v2/tenants/chirp " + new JsonObject().put("allowedClusters", new JsonArray().add("standalone"))
            .put("adminRoles", new JsonArray()).encode(),
        "PUT /admin/v2/namespaces/chirp/test");
  }

  @Test
  void aTokenIsSentAsBearer() {
    new PulsarAdminClient("http://127.0.0.1:" + server.getAddress().getPort(), Optional.of("t0ken")).clusters();
    assertThat(requests).containsExactly("GET /admin/v2/clusters [Bearer t0ken]");
  }
}
