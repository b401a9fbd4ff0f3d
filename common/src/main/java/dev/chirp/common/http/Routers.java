package dev.chirp.common.http;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.error.ErrorResponses;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.Vertx;
import dev.chirp.common.engines.ReadinessChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The router every service starts from: body limit, error envelope, health and metrics. */
public final class Routers {
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private Routers() {
  }

  /**
   * Serves {@code router} on {@code port}. Requests too malformed to route (bad percent-encoding, oversized
   * request lines or headers) also get the error envelope instead of the server's plain-text default.
   */
  public static Future<HttpServer> listen(Vertx vertx, Router router, int port) {
    return listen(vertx, router, "127.0.0.1", port);
  }

  /** Serves {@code router} on {@code host} ({@code 0.0.0.0} for every interface, as in a container) and {@code port}. */
  public static Future<HttpServer> listen(Vertx vertx, Router router, String host, int port) {
    return vertx.createHttpServer().requestHandler(router).invalidRequestHandler(request -> {
      Throwable cause = request.decoderResult().cause();
      ApiException error = cause instanceof TooLongFrameException
          ? new ApiException(431, "request_too_large", "request line or headers are too large")
          : ApiException.badRequest("malformed_request", "the request could not be parsed");
      ErrorResponses.send(request.response().putHeader("Connection", "close"), error);
    }).listen(port, host);
  }

  private static void rejectUndecodableUri(RoutingContext ctx) {
    try {
      QueryStringDecoder.decodeComponent(ctx.request().path());
      new QueryStringDecoder(ctx.request().uri()).parameters();
    } catch (IllegalArgumentException e) {
      ctx.fail(ApiException.badRequest("malformed_request", "the request URI is not validly percent-encoded"));
      return;
    }
    ctx.next();
  }

  public static Router apiRouter(Vertx vertx, ReadinessChecks readiness) {
    Router router = Router.router(vertx);
    ErrorResponses.install(router);
    // Before any route with path parameters is tried: vertx-web fails a badly encoded URI there without saying why.
    router.route().handler(Routers::rejectUndecodableUri);
    // No path on this route, so the per-route metrics label stays the API route's own path.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    Observability.mount(router, readiness);
    return router;
  }
}
