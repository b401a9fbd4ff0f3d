package dev.chirp.it.e2e;

import dev.chirp.common.http.Observability;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from the entry point to the fan-out. The test stack's services and entry point trace into their logs
 * (tracing.exporter=logging) only requests that carry a sampled traceparent (tracing.sample-ratio=0, see
 * {@link ChirpEngines}); this test posts a tweet with one and follows its trace id through tweet-svc's log into
 * the fan-out worker's, span by span, parent by parent.
 */
@ExtendWith(ChirpEngines.class)
class TracingIT {
  private static final Pattern SPAN = Pattern.compile(
      "span name=\"([^\"]*)\" kind=(\\w+) trace=(\\w+) span=(\\w+) parent=(\\w+)");
  private static final Duration EXPORTED = Duration.ofSeconds(30);
  private static Vertx vertx;
  private static WebClient client;
  private static TestEngines stack;

  @BeforeAll
  static void connect(TestEngines engines) {
    stack = engines;
    vertx = Observability.newVertx();
    URI edge = URI.create(engines.edgeUrl());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(edge.getHost()).setDefaultPort(edge.getPort()));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  record Person(String id, String token) {
  }

  /** One span line of a log. */
  record Span(String name, String kind, String trace, String id, String parent) {
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, Person as, JsonObject body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (as != null) request.putHeader("Authorization", "Bearer " + as.token());
    headers.forEach(request::putHeader);
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private static Person signUp(String name) {
    String handle = name + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 28), 36);
    JsonObject credentials = new JsonObject().put("handle", handle).put("password", "tracing password");
    assertThat(call(HttpMethod.POST, "/api/v1/users", null, credentials, Map.of()).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> session = call(HttpMethod.POST, "/api/v1/sessions", null, credentials, Map.of());
    assertThat(session.statusCode()).isEqualTo(200);
    return new Person(session.bodyAsJsonObject().getString("user_id"), session.bodyAsJsonObject().getString("token"));
  }

  private static List<String> home(Person who) {
    HttpResponse<Buffer> page = call(HttpMethod.GET, "/api/v1/users/" + who.id() + "/home_timeline", who, null, Map.of());
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("tweets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** The spans of trace {@code traceId} that a service's log holds so far. */
  private static List<Span> spansOf(String service, String traceId) {
    Path log = stack.serviceLog(service);
    try {
      return Files.readAllLines(log).stream().map(SPAN::matcher).filter(Matcher::find)
          .map(m -> new Span(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
          .filter(span -> span.trace().equals(traceId)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Span> span(String service, String traceId, String name, String kind) {
    return spansOf(service, traceId).stream().filter(s -> s.name().equals(name) && s.kind().equals(kind)).findFirst();
  }

  @Test
  void aPostsTraceGoesFromTheEntryPointThroughTweetSvcAndPulsarIntoTheFanout() {
    Person author = signUp("traced");
    Person follower = signUp("reader");
    assertThat(home(follower)).isEmpty();
    assertThat(call(HttpMethod.PUT, "/api/v1/users/" + follower.id() + "/following/" + author.id(), follower, null, Map.of())
        .statusCode()).isEqualTo(204);
    String traceId = randomHex(16);
    String clientSpan = randomHex(8);

    HttpResponse<Buffer> posted = call(HttpMethod.POST, "/api/v1/tweets", author, new JsonObject().put("text", "traced"),
        Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
    String tweetId = posted.bodyAsJsonObject().getString("id");

    Span[] chain = new Span[3];
    await().atMost(EXPORTED).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      chain[0] = span("tweet-svc", traceId, "POST", "SERVER").orElseThrow(() -> new AssertionError("no server span yet"));
      chain[1] = span("tweet-svc", traceId, "publish TweetCreated", "PRODUCER").orElseThrow(() -> new AssertionError("no publish span yet"));
      chain[2] = span("fanout-worker", traceId, "fanout TweetCreated", "CONSUMER").orElseThrow(() -> new AssertionError("no fan-out span yet"));
    });
    Span server = chain[0];
    Span publish = chain[1];
    Span fanout = chain[2];

    // The entry point's own span sits between the client and tweet-svc: the service's parent is not the client's span.
    assertThat(server.parent()).isNotIn(clientSpan, "none");
    assertThat(publish.parent()).isEqualTo(server.id());
    assertThat(fanout.parent()).isEqualTo(publish.id());
    assertThat(home(follower)).contains(tweetId);
    // The fan-out's Redis commands are spans of the Redis client, nested under the fan-out's span.
    await().atMost(EXPORTED).untilAsserted(() -> assertThat(spansOf("fanout-worker", traceId))
        .anyMatch(s -> s.kind().equals("CLIENT") && s.parent().equals(fanout.id())));
  }
}
