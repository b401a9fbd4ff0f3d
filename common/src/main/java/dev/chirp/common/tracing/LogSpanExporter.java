package dev.chirp.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * {@code tracing.exporter=logging}: each finished span as one INFO line of this class's logger,
 * with its trace, its own and its parent's span id, so a trace can be followed across the services' logs:
 * <pre>span name="fanout TweetCreated" kind=CONSUMER trace=4bf9… span=00f0… parent=53ce… status=UNSET duration_ms=3.120
 * service=fanout-worker attributes={…}</pre>
 * {@code parent=none} marks the root of a trace.
 */
final class LogSpanExporter implements SpanExporter {
  private static final Logger LOG = LoggerFactory.getLogger(LogSpanExporter.class);
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) LOG.info(line(span));
    return CompletableResultCode.ofSuccess();
  }

  static String line(SpanData span) {
    String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : "none";
    return String.format(Locale.ROOT, "span name=\"%s\" kind=%s trace=%s span=%s parent=%s status=%s duration_ms=%.3f service=%s attributes=%s",
        span.getName(), span.getKind(), span.getTraceId(), span.getSpanId(), parent, span.getStatus().getStatusCode(),
        (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6, span.getResource().getAttribute(SERVICE_NAME),
        attributes(span));
  }

  private static String attributes(SpanData span) {
    StringJoiner joined = new StringJoiner(", ", "{", "}");
    span.getAttributes().forEach((key, value) -> joined.add(key.getKey() + "=" + value));
    return joined.toString();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
