package dev.chirp.common.http;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import dev.chirp.common.engines.ReadinessChecks;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * The skeleton of every service's HTTP verticle: the common router (error envelope, body limit, health, metrics),
 * the service's routes, then listening. Safe to deploy as several instances: they share the port.
 */
public abstract class ApiVerticle extends VerticleBase {
  private final ReadinessChecks readiness;
  private final String host;
  private final int port;
  private final long shutdownMillis;
  private Router router;
  private HttpServer server;

  /** Listens on {@code http.host} and {@code http.port}. */
  protected ApiVerticle(ReadinessChecks readiness, ChirpConfig config) {
    this.readiness = readiness;
    this.host = config.string("http.host");
    this.port = config.integer("http.port");
    this.shutdownMillis = config.longValue("shutdown.timeout-ms");
  }

  @Override
  public final Future<?> start() {
    router = Routers.apiRouter(vertx, readiness);
    routes(router);
    return beforeListening().compose(v -> Routers.listen(vertx, router, host, port)).onSuccess(listening -> server = listening);
  }

  /** Stops taking connections and lets the requests in flight finish (bounded), so no accepted request is cut off. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(shutdownMillis, TimeUnit.MILLISECONDS);
  }

  /** What must be done before the first request is taken; nothing by default. */
  protected Future<?> beforeListening() {
    return Future.succeededFuture();
  }

  /** Adds the service's API routes. */
  protected abstract void routes(Router router);

  /** Serves the service's OpenAPI document (a classpath resource) at {@code /openapi.yaml}. */
  protected static void openApi(Router router, String resource) {
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").sendFile(resource));
  }

  /** The routes this verticle serves (the OpenAPI test compares them with the document). */
  public Router router() {
    return router;
  }
}
