package dev.chirp.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process's tracing: with {@code tracing.exporter} {@code logging} or {@code otlp}, an OpenTelemetry SDK whose
 * tracer Vert.x uses (HTTP servers and clients make spans and carry W3C {@code traceparent}); with {@code none},
 * nothing at all — no SDK, no tracer, and Vert.x is created exactly as without tracing.
 *
 * <p>Spans are recorded for every request that arrives with a sampled {@code traceparent}, and for that share
 * ({@code tracing.sample-ratio}) of the others; health probes and metric scrapes start no trace.
 */
public final class Tracing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
  private static final Map<Vertx, Tracing> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  /** No tracing. */
  public static final Tracing OFF = new Tracing(null, null);

  private final String service;
  private final OpenTelemetrySdk sdk;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Tracing(String service, OpenTelemetrySdk sdk) {
    this.service = service;
    this.sdk = sdk;
  }

  /** The SDK for {@code service} (the {@code service.name} of its spans), or {@link #OFF} when the exporter is none. */
  public static Tracing start(String service, TracingSettings settings) {
    if (!settings.enabled()) return OFF;
    boolean logging = settings.exporter().equals(TracingSettings.LOGGING);
    return start(service, settings, logging ? new LogSpanExporter()
        : OtlpGrpcSpanExporter.builder().setEndpoint(settings.otlpEndpoint()).build());
  }

  /** With {@code exporter} in place of the one the settings name (tests). */
  static Tracing start(String service, TracingSettings settings, SpanExporter exporter) {
    boolean logging = settings.exporter().equals(TracingSettings.LOGGING);
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .setSampler(Sampler.parentBased(new ProbeSkippingSampler(Sampler.traceIdRatioBased(settings.sampleRatio()))))
        // Locally, a span shows in the log a moment after it ended; to a collector, in batches.
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(logging ? Duration.ofMillis(200) : Duration.ofSeconds(5))
            .build())
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    LOG.info("{} tracing: exporter {}{}, sample ratio {}", service, settings.exporter(),
        logging ? "" : " to " + settings.otlpEndpoint(), settings.sampleRatio());
    return new Tracing(service, sdk);
  }

  /** Vert.x with these options, and with this tracing's tracer when tracing is on. */
  public Vertx newVertx(VertxOptions options) {
    if (sdk == null) return Vertx.vertx(options);
    Vertx vertx = Vertx.builder().with(options.setTracingOptions(new OpenTelemetryOptions()))
        .withTracer(new OpenTelemetryTracingFactory(sdk)).build();
    BY_VERTX.put(vertx, this);
    return vertx;
  }

  /** The tracing a Vert.x instance was created with ({@link #OFF} for any other). */
  public static Tracing of(Vertx vertx) {
    return BY_VERTX.getOrDefault(vertx, OFF);
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** The SDK, for spans of our own (events); only when {@link #enabled()}. */
  public OpenTelemetry openTelemetry() {
    if (sdk == null) throw new IllegalStateException("tracing is off");
    return sdk;
  }

  /** Exports the spans still buffered and stops the SDK (waits at most 5 s). */
  @Override
  public void close() {
    if (sdk == null || !closed.compareAndSet(false, true)) return;
    if (!sdk.shutdown().join(5, TimeUnit.SECONDS).isSuccess()) LOG.warn("{} tracing: not all spans were exported", service);
  }
}
