package dev.chirp.store.events;

import dev.chirp.common.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One trace across Pulsar: a publish is a PRODUCER span, a child of the current span (the request's, on its Vert.x
 * context), and carries its W3C trace context ({@code traceparent}, {@code tracestate}) in the message's properties;
 * a consumer applies the message in a CONSUMER span that is the child of that context, current while the work
 * runs. With tracing off ({@code tracing.exporter=none}) both run their work as they are, with no properties and
 * no span.
 */
public final class EventTracing {
  private static final EventTracing OFF = new EventTracing(null);
  private static final TextMapGetter<Map<String, String>> PROPERTIES = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  EventTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry == null ? null : openTelemetry.getTracer("dev.chirp.events");
    this.propagator = openTelemetry == null ? null : openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** The tracing of the process's Vert.x ({@link Tracing#of}). */
  public static EventTracing of(Vertx vertx) {
    return of(Tracing.of(vertx));
  }

  public static EventTracing of(Tracing tracing) {
    return tracing.enabled() ? new EventTracing(tracing.openTelemetry()) : OFF;
  }

  public boolean enabled() {
    return tracer != null;
  }

  /**
   * Publishes in a PRODUCER span {@code publish <type>}: {@code send} gets the properties to put on the message
   * (empty with tracing off) and the span ends when the send completes.
   */
  public <T> Future<T> publish(String type, String topic, Function<Map<String, String>, Future<T>> send) {
    if (tracer == null) return send.apply(Map.of());
    Context parent = Context.current();
    Span span = tracer.spanBuilder("publish " + type).setSpanKind(SpanKind.PRODUCER).setParent(parent)
        .setAttribute("messaging.system", "pulsar").setAttribute("messaging.destination.name", topic)
        .setAttribute("messaging.operation.type", "send").startSpan();
    Map<String, String> properties = new HashMap<>();
    propagator.inject(parent.with(span), properties, (carrier, key, value) -> carrier.put(key, value));
    Future<T> sent;
    try {
      sent = send.apply(properties);
    } catch (RuntimeException e) {
      end(span, e);
      throw e;
    }
    return sent.andThen(done -> end(span, done.cause()));
  }

  /**
   * Runs {@code work} for one consumed message in a CONSUMER span {@code name}, the child of the trace context in
   * the message's {@code properties} (a new trace when they carry none). The work runs on a duplicate of
   * {@code context} (same event loop) on which the span is current, so the spans of the clients it calls nest under
   * it; the span ends when the work's future completes, with an error status if it failed.
   */
  public <T> Future<T> consume(io.vertx.core.Context context, String name, String topic, String messageId,
                               Map<String, String> properties, Supplier<Future<T>> work) {
    if (tracer == null) return work.get();
    Context parent = propagator.extract(Context.root(), properties, PROPERTIES);
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setParent(parent)
        .setAttribute("messaging.system", "pulsar").setAttribute("messaging.destination.name", topic)
        .setAttribute("messaging.operation.type", "process").setAttribute("messaging.message.id", messageId)
        .startSpan();
    ContextInternal duplicate = ((ContextInternal) context).duplicate();
    VertxContextStorage.INSTANCE.attach(duplicate, parent.with(span));
    Promise<T> done = Promise.promise();
    duplicate.runOnContext(v -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(outcome -> {
        end(span, outcome.cause());
        done.handle(outcome);
      });
    });
    return done.future();
  }

  private static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }
    span.end();
  }
}
