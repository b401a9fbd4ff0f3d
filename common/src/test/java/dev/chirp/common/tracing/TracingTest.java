package dev.chirp.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tracing on a real Vert.x HTTP server: what is sampled, and that a request's span stays current across async hops. */
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private final HttpClient http = HttpClient.newHttpClient();
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final AtomicReference<SpanContext> seenAfterAHop = new AtomicReference<>();
  private Tracing tracing;
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (tracing != null) tracing.close();
  }

  /** A server whose handler answers after a timer, with the trace id it sees then. */
  private int serve(double sampleRatio) throws Exception {
    tracing = Tracing.start("test-svc", new TracingSettings("logging", "", sampleRatio), exported);
    vertx = tracing.newVertx(new VertxOptions());
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      Promise<Void> hop = Promise.promise();
      vertx.setTimer(5, t -> hop.complete());
      hop.future().onComplete(done -> {
        seenAfterAHop.set(Span.current().getSpanContext());
        request.response().end(Span.current().getSpanContext().getTraceId());
      });
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return server.actualPort();
  }

  private HttpResponse<String> get(int port, String path, String traceparent) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (traceparent != null) request.header("traceparent", traceparent);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The spans exported once one with {@code path} was: a server span ends just after its response is sent, and is
   * exported in the next batch.
   */
  private List<SpanData> spansOnceExported(String path) {
    await().atMost(Duration.ofSeconds(10)).until(() -> exported.getFinishedSpanItems().stream()
        .anyMatch(s -> path.equals(s.getAttributes().get(AttributeKey.stringKey("url.path")))));
    return exported.getFinishedSpanItems();
  }

  @Test
  void aRequestWithASampledTraceparentIsAServerSpanOfThatTraceCurrentAcrossAsyncHops() throws Exception {
    int port = serve(0);

    HttpResponse<String> response = get(port, "/api/v1/tweets", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

    assertThat(response.body()).isEqualTo(TRACE_ID);
    SpanData span = spansOnceExported("/api/v1/tweets").get(0);
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(seenAfterAHop.get().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("test-svc");
    assertThat(LogSpanExporter.line(span)).contains("name=\"GET\" kind=SERVER trace=" + TRACE_ID)
        .contains("parent=" + PARENT_ID).contains("service=test-svc");
  }

  @Test
  void newTracesAreStartedAtTheSampleRatioButNeverForProbesAndScrapes() throws Exception {
    int port = serve(1.0);

    get(port, "/health/ready", null);
    get(port, "/metrics", null);
    get(port, "/api/v1/tweets/1", null);

    List<SpanData> spans = spansOnceExported("/api/v1/tweets/1");
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/api/v1/tweets/1");
    assertThat(LogSpanExporter.line(spans.get(0))).contains("parent=none");
  }

  @Test
  void atRatioZeroOnlyRequestsThatCarryASampledTraceparentAreRecorded() throws Exception {
    int port = serve(0);

    get(port, "/api/v1/tweets/1", null);
    get(port, "/api/v1/tweets/2", "00-" + TRACE_ID + "-" + PARENT_ID + "-00");
    get(port, "/api/v1/tweets/3", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

    assertThat(spansOnceExported("/api/v1/tweets/3")).hasSize(1);
  }

  @Test
  void offMeansNoTracerAtAll() throws Exception {
    Tracing off = Tracing.start("test-svc", TracingSettings.resolve(java.util.Map.of(), java.util.Map.of()));
    vertx = off.newVertx(new VertxOptions());

    assertThat(off).isSameAs(Tracing.OFF);
    assertThat(((VertxInternal) vertx).tracer()).isNull();
    assertThat(Tracing.of(vertx)).isSameAs(Tracing.OFF);
  }

  @Test
  void aTracedVertxKnowsItsTracing() throws Exception {
    serve(1.0);

    assertThat(Tracing.of(vertx)).isSameAs(tracing);
    assertThat(((VertxInternal) vertx).tracer()).isNotNull();
  }
}
