package dev.chirp.common.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/** Metrics and health, the same in every service: {@code /metrics}, {@code /health/live}, {@code /health/ready}. */
public final class Observability {
  private Observability() {
  }

  /** Vert.x with Micrometer/Prometheus metrics, HTTP server metrics labelled per route, method and status. */
  public static Vertx newVertx() {
    return Vertx.vertx(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))));
  }

  /**
   * Mounts the health and metrics routes. {@code readiness} holds one check per engine the service needs;
   * {@code /health/ready} answers 503 naming each check that is down.
   */
  public static void mount(Router router, HealthChecks readiness) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
  }
}
