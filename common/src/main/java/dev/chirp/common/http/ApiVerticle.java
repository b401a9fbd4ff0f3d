package dev.chirp.common.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;

/**
 * The skeleton of every service's HTTP verticle: the common router (error envelope, body limit, health, metrics),
 * the service's routes, then listening. Safe to deploy as several instances: they share the port.
 */
public abstract class ApiVerticle extends VerticleBase {
  private final HealthChecks readiness;
  private final int port;
  private Router router;

  protected ApiVerticle(HealthChecks readiness, int port) {
    this.readiness = readiness;
    this.port = port;
  }

  @Override
  public final Future<?> start() {
    router = Routers.apiRouter(vertx, readiness);
    routes(router);
    return beforeListening().compose(v -> Routers.listen(vertx, router, port));
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
