package dev.chirp.common.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * The root sampler: health probes and metric scrapes (a Kubernetes probe every few seconds, Prometheus every
 * scrape) start no trace; everything else is left to {@code delegate}. Vert.x sets {@code url.path} before it
 * starts a server span, so the sampler sees it.
 */
final class ProbeSkippingSampler implements Sampler {
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private final Sampler delegate;

  ProbeSkippingSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  static boolean isProbe(String path) {
    return path != null && (path.startsWith("/health/") || path.equals("/metrics"));
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                     Attributes attributes, List<LinkData> parentLinks) {
    if (spanKind == SpanKind.SERVER && isProbe(attributes.get(URL_PATH))) return SamplingResult.drop();
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "ProbeSkipping{" + delegate.getDescription() + "}";
  }
}
