package dev.chirp.store.events;

import dev.chirp.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trace context's round trip through message properties, from a publish to the consumer's span, without Pulsar. */
class EventTracingTest {
  private static final String TOPIC = "persistent://chirp/events/tweets";
  private final InMemorySpanExporter ended = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(ended)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
  private final EventTracing tracing = new EventTracing(sdk);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    sdk.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private SpanData ended(String name) {
    return ended.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  /** Publishes under a request's span; returns the properties the message would carry. */
  private Map<String, String> publishUnder(Span request) throws Exception {
    Map<String, String> carried = new HashMap<>();
    try (Scope ignored = request.makeCurrent()) {
      await(tracing.publish("TweetCreated", TOPIC, properties -> {
        carried.putAll(properties);
        return Future.succeededFuture("acked");
      }));
    }
    return carried;
  }

  /** Consumes on a Vert.x context; the work answers, after a timer, with the span current then. */
  private Future<SpanContext> consume(Map<String, String> properties, boolean fail) {
    Context context = vertx.getOrCreateContext();
    AtomicReference<Future<SpanContext>> result = new AtomicReference<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    context.runOnContext(v -> {
      result.set(tracing.consume(context, "fanout TweetCreated", TOPIC, "1:2:-1", properties, () -> {
        SpanContext atStart = Span.current().getSpanContext();
        return vertx.timer(5).compose(t -> {
          SpanContext afterHop = Span.current().getSpanContext();
          assertThat(afterHop).isEqualTo(atStart);
          return fail ? Future.failedFuture(new IllegalStateException("redis down")) : Future.succeededFuture(afterHop);
        });
      }));
      started.countDown();
    });
    try {
      started.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return result.get();
  }

  @Test
  void theConsumersSpanIsAChildOfThePublishWhichIsAChildOfTheRequest() throws Exception {
    Span request = sdk.getTracer("test").spanBuilder("POST").setSpanKind(SpanKind.SERVER).startSpan();

    Map<String, String> properties = publishUnder(request);
    SpanContext currentInWork = await(consume(properties, false));
    request.end();

    SpanData publish = ended("publish TweetCreated");
    SpanData fanout = ended("fanout TweetCreated");
    String traceId = request.getSpanContext().getTraceId();
    assertThat(properties).containsOnlyKeys("traceparent")
        .containsEntry("traceparent", "00-" + traceId + "-" + publish.getSpanId() + "-01");
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(fanout.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(fanout.getTraceId()).isEqualTo(traceId);
    assertThat(fanout.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(fanout.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(fanout.getAttributes().asMap().values()).contains("pulsar", TOPIC, "process", "1:2:-1");
    // The consumer's span is current while the work runs, also after an asynchronous hop.
    assertThat(currentInWork.getSpanId()).isEqualTo(fanout.getSpanId());
  }

  @Test
  void aFailedApplyEndsTheSpanWithAnErrorStatus() throws Exception {
    Span request = sdk.getTracer("test").spanBuilder("POST").startSpan();
    Map<String, String> properties = publishUnder(request);

    assertThatThrownBy(() -> await(consume(properties, true))).hasRootCauseMessage("redis down");

    SpanData fanout = ended("fanout TweetCreated");
    assertThat(fanout.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(fanout.getEvents()).anyMatch(e -> e.getName().equals("exception"));
  }

  @Test
  void aFailedPublishEndsItsSpanWithAnErrorStatus() {
    Future<Object> published = tracing.publish("Followed", TOPIC, properties -> Future.failedFuture("pulsar down"));

    assertThat(published.failed()).isTrue();
    assertThat(ended("publish Followed").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ended("publish Followed").getParentSpanContext().isValid()).as("no request: a trace of its own").isFalse();
  }

  @Test
  void aMessageWithoutTraceContextStartsATraceOfItsOwn() throws Exception {
    await(consume(Map.of(), false));

    assertThat(ended("fanout TweetCreated").getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void offAddsNoPropertiesAndRunsTheWorkAsItIs() {
    EventTracing off = EventTracing.of(Tracing.OFF);
    AtomicReference<Map<String, String>> given = new AtomicReference<>();

    off.publish("TweetCreated", TOPIC, properties -> {
      given.set(properties);
      return Future.succeededFuture();
    });
    Future<String> done = off.consume(vertx.getOrCreateContext(), "fanout TweetCreated", TOPIC, "1:2:-1",
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), () -> Future.succeededFuture("ran"));

    assertThat(off.enabled()).isFalse();
    assertThat(given.get()).isEmpty();
    assertThat(done.result()).as("ran at once, on the caller's thread").isEqualTo("ran");
    assertThat(ended.getFinishedSpanItems()).isEmpty();
  }
}
