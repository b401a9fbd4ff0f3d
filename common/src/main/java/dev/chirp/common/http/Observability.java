package dev.chirp.common.http;

import dev.chirp.common.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import dev.chirp.common.engines.ReadinessChecks;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Metrics, health and tracing, the same in every service: {@code /metrics}, {@code /health/live}, {@code /health/ready},
 * and spans when {@code tracing.exporter} is set ({@link Tracing}).
 */
public final class Observability {
  private Observability() {
  }

  /** Vert.x with Micrometer/Prometheus metrics, HTTP server metrics labelled per route, method and status,
   * with histogram buckets (latency percentiles per route). */
  public static Vertx newVertx() {
    return newVertx(Tracing.OFF);
  }

  /** The same, traced by {@code tracing} (unless it is {@link Tracing#OFF}). */
  public static Vertx newVertx(Tracing tracing) {
    return tracing.newVertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))));
  }

  /**
   * Mounts the health and metrics routes. {@code readiness} holds one check per engine the service needs;
   * {@code /health/ready} answers 200 when all are up, else 503 (with Retry-After) naming each check's status.
   * {@code /health/ready?scope=instance} asks only whether this instance takes requests (started, not draining):
   * the probe of a load balancer that should keep sending requests during an engine outage, so that clients get
   * the service's own 503 envelope. Rendered here rather than by vertx-health-check's handler, which answers 500
   * when a check times out.
   */
  public static void mount(Router router, ReadinessChecks readiness) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> {
      if ("instance".equals(ctx.queryParams().get("scope"))) {
        boolean serving = !readiness.draining();
        if (!serving) ctx.response().putHeader("Retry-After", "2");
        ctx.response().setStatusCode(serving ? 200 : 503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", serving ? "UP" : "DOWN").put("scope", "instance").encode());
        return;
      }
      readiness.healthChecks().checkStatus().onComplete(done -> {
        JsonObject body = done.succeeded() ? done.result().toJson()
            : new JsonObject().put("status", "DOWN").put("error", String.valueOf(done.cause()));
        boolean up = done.succeeded() && CheckResult.isUp(done.result());
        if (!up) ctx.response().putHeader("Retry-After", "2");
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json").end(body.encode());
      });
    });
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
  }
}
