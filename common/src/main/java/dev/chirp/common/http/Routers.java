package dev.chirp.common.http;

import dev.chirp.common.error.ErrorResponses;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** The router every service starts from: body limit, error envelope, health and metrics. */
public final class Routers {
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private Routers() {
  }

  public static Router apiRouter(Vertx vertx, HealthChecks readiness) {
    Router router = Router.router(vertx);
    ErrorResponses.install(router);
    // No path on this route, so the per-route metrics label stays the API route's own path.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    Observability.mount(router, readiness);
    return router;
  }
}
