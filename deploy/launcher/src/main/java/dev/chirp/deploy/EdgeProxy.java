package dev.chirp.deploy;

import dev.chirp.common.error.ErrorResponses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stack's one entry point: every API path of the contract on one port, forwarded to the service that owns
 * it (reverse proxy, vertx-http-proxy), so a client needs one base URL. Unknown paths get the error envelope.
 */
public final class EdgeProxy implements AutoCloseable {
  private static final Pattern USER_TWEETS = Pattern.compile("^/api/v1/users/[^/]+/tweets/?$");
  private static final Pattern HOME_TIMELINE = Pattern.compile("^/api/v1/users/[^/]+/home_timeline/?$");

  private final Vertx vertx;
  private final HttpServer server;

  private EdgeProxy(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Serves on {@code port}, forwarding to the services' ports by name (tweet-svc, follow-svc, timeline-svc). */
  public static EdgeProxy start(int port, Map<String, Integer> servicePorts) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)));
    proxy.origin(OriginRequestProvider.selector(context -> {
      String path = context.request().proxiedRequest().path();
      return owner(path).map(servicePorts::get)
          .map(servicePort -> Future.succeededFuture(SocketAddress.inetSocketAddress(servicePort, "127.0.0.1")))
          .orElseGet(() -> Future.failedFuture("no service owns " + path));
    }));
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (owner(request.path()).isPresent()) {
        proxy.handle(request);
      } else {
        notFound(request);
      }
    });
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return new EdgeProxy(vertx, server);
  }

  /** Which service owns an API path; empty for anything else. */
  static Optional<String> owner(String path) {
    if (path == null || !path.startsWith("/api/v1/")) return Optional.empty();
    if (path.equals("/api/v1/tweets") || path.startsWith("/api/v1/tweets/") || USER_TWEETS.matcher(path).matches()) {
      return Optional.of("tweet-svc");
    }
    if (HOME_TIMELINE.matcher(path).matches()) return Optional.of("timeline-svc");
    if (path.equals("/api/v1/users") || path.startsWith("/api/v1/users/") || path.equals("/api/v1/sessions")) {
      return Optional.of("follow-svc");
    }
    return Optional.empty();
  }

  private static void notFound(HttpServerRequest request) {
    request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
        .end(ErrorResponses.envelope("not_found", "no API path " + request.path()).encode());
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    vertx.close();
  }
}
