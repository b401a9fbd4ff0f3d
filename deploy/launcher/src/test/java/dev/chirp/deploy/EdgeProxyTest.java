package dev.chirp.deploy;

import dev.chirp.common.tracing.Tracing;
import dev.chirp.common.tracing.TracingSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry point in front of two instances of tweet-svc: stand-ins that answer with their own name. */
class EdgeProxyTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = HttpClient.newHttpClient();
  private EdgeProxy edge;

  @AfterEach
  void stop() throws Exception {
    if (edge != null) edge.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private int instanceAnsweringWith(String name) throws Exception {
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response().end(name))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return server.actualPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** An instance that answers with every traceparent header it received, comma-separated. */
  private int instanceEchoingTraceparent() throws Exception {
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response().end(String.join(",", request.headers().getAll("traceparent"))))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return server.actualPort();
  }

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  private String traceparentReceivedBehind(Tracing tracing) throws Exception {
    edge = EdgeProxy.start(0, Map.of("tweet-svc", List.of(instanceEchoingTraceparent())), tracing);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + "/api/v1/tweets"))
        .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01").build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void tracedTheServiceGetsTheClientsTraceContinuedByTheEntryPointsOwnSpan() throws Exception {
    String received = traceparentReceivedBehind(Tracing.start("edge", new TracingSettings("logging", "", 0)));

    assertThat(received).as("one traceparent, of the client's trace").matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
    assertThat(received).as("its parent is the entry point's span, not the client's").doesNotContain(CLIENT_SPAN);
  }

  @Test
  void untracedTheClientsTraceparentGoesThroughAsItIs() throws Exception {
    assertThat(traceparentReceivedBehind(Tracing.OFF)).isEqualTo("00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01");
  }

  @Test
  void requestsTakeTurnsOverAServicesInstances() throws Exception {
    edge = EdgeProxy.start(0, Map.of("tweet-svc", List.of(instanceAnsweringWith("first"), instanceAnsweringWith("second"))));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = get("/api/v1/tweets");
      assertThat(response.statusCode()).isEqualTo(200);
      answers.add(response.body());
    }

    assertThat(answers).containsOnly("first", "second");
    for (int i = 1; i < answers.size(); i++) {
      assertThat(answers.get(i)).as("answer %d of %s", i, answers).isNotEqualTo(answers.get(i - 1));
    }
  }

  private int instanceAnsweringWithTheUriItGot() throws Exception {
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response().end(request.uri()))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return server.actualPort();
  }

  @Test
  void apiPathsPassUnchangedAndOpenApiDocumentsReachTheServicesOwnPath() throws Exception {
    edge = EdgeProxy.start(0, Map.of("tweet-svc", List.of(instanceAnsweringWithTheUriItGot()),
        "timeline-svc", List.of(instanceAnsweringWithTheUriItGot())));

    assertThat(get("/api/v1/users/42/tweets?limit=5").body()).isEqualTo("/api/v1/users/42/tweets?limit=5");
    assertThat(get("/openapi/tweet-svc.yaml").body()).isEqualTo("/openapi.yaml");
    assertThat(get("/openapi/timeline-svc.yaml").body()).isEqualTo("/openapi.yaml");
    assertThat(get("/metrics").statusCode()).isEqualTo(404);
    assertThat(get("/openapi.yaml").statusCode()).isEqualTo(404);
  }

  @Test
  void aServiceThatIsDownOrSilentIsA503EnvelopeWithRetryAfter() throws Exception {
    int closed = EntryRoutesTestPorts.closedPort();
    HttpServer silent = vertx.createHttpServer().requestHandler(request -> { })
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    edge = EdgeProxy.start(0, Map.of("tweet-svc", List.of(closed), "follow-svc", List.of(silent.actualPort())),
        dev.chirp.common.tracing.Tracing.OFF, 2);

    HttpResponse<String> refused = get("/api/v1/tweets/1");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("service_unavailable");

    long start = System.nanoTime();
    HttpResponse<String> timedOut = get("/api/v1/users/1");
    assertThat(timedOut.statusCode()).isEqualTo(503);
    assertThat((System.nanoTime() - start) / 1e9).as("bounded by the idle timeout").isBetween(1.5, 7.0);
  }

  @Test
  void aPathNoServiceOwnsGetsTheErrorEnvelope() throws Exception {
    edge = EdgeProxy.start(0, Map.of("tweet-svc", List.of(instanceAnsweringWith("first"), instanceAnsweringWith("second"))));

    HttpResponse<String> response = get("/api/v2/nothing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");
  }
}
