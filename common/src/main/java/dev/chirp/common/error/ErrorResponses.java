package dev.chirp.common.error;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/** Renders every failure of a router as the contract's error envelope; nothing a client sends becomes a 500. */
public final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  public static JsonObject envelope(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  public static void send(HttpServerResponse response, ApiException error) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (error.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    response.setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .end(envelope(error.code(), error.getMessage()).encode());
  }

  /** Statuses the router itself can end a request with before or outside any route. */
  private static final int[] ROUTER_STATUSES = {400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503};

  /** Installs the failure handler, and the same mapping for what the router answers on its own. */
  public static void install(Router router) {
    router.route().failureHandler(ErrorResponses::handleFailure);
    for (int status : ROUTER_STATUSES) router.errorHandler(status, ErrorResponses::handleFailure);
  }

  static void handleFailure(RoutingContext ctx) {
    send(ctx.response(), toApiException(ctx.failure(), ctx.statusCode()));
  }

  /** The single mapping from whatever failed to what the client is told. */
  public static ApiException toApiException(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) return api;
    if (failure instanceof DecodeException) return ApiException.badRequest("malformed_json", "request body is not valid JSON");
    int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
    return switch (status) {
      case 400 -> ApiException.badRequest("bad_request", "the request is malformed");
      case 401 -> ApiException.unauthorized("a valid bearer token is required");
      case 403 -> ApiException.forbidden("not allowed to act for this user");
      case 404 -> ApiException.notFound("not_found", "no such resource");
      case 405 -> new ApiException(405, "method_not_allowed", "method not allowed here");
      case 406 -> new ApiException(406, "not_acceptable", "this API answers application/json");
      case 414 -> new ApiException(414, "uri_too_long", "request URI is too long");
      case 413 -> new ApiException(413, "body_too_large", "request body is too large");
      case 415 -> new ApiException(415, "unsupported_media_type", "send application/json");
      case 431 -> new ApiException(431, "request_too_large", "request headers are too large");
      default -> {
        LOG.error("unexpected failure (status {}), answered 500", statusCode, failure);
        yield new ApiException(500, "internal_error", "internal error");
      }
    };
  }
}
