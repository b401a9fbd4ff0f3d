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
import io.vertx.httpproxy.ProxyInterceptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stack's one entry point: every public path ({@link EntryRoutes}) on one port, forwarded to the service that
 * owns it (reverse proxy, vertx-http-proxy), so a client needs one base URL. Requests take turns over a service's
 * instances (round robin, request by request, over pooled connections). Unknown paths get the error envelope.
 */
public final class EdgeProxy implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;

  private EdgeProxy(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Serves on {@code port} (0: any free one), forwarding to the instances' ports of each service by name
   * (tweet-svc, follow-svc, timeline-svc).
   */
  public static EdgeProxy start(int port, Map<String, List<Integer>> instancePorts) throws Exception {
    Map<String, RoundRobin> instances = new HashMap<>();
    instancePorts.forEach((service, ports) -> instances.put(service, new RoundRobin(ports)));
    Vertx vertx = Vertx.vertx();
    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)));
    proxy.origin(OriginRequestProvider.selector(context -> {
      String path = context.request().proxiedRequest().path();
      return EntryRoutes.route(path).map(route -> instances.get(route.service()))
          .map(service -> Future.succeededFuture(service.next()))
          .orElseGet(() -> Future.failedFuture("no service owns " + path));
    }));
    proxy.addInterceptor(ProxyInterceptor.builder().transformingPath(path ->
        EntryRoutes.route(path).map(EntryRoutes.Route::upstreamPath).orElse(path)).build());
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (EntryRoutes.route(request.path()).filter(route -> instances.containsKey(route.service())).isPresent()) {
        proxy.handle(request);
      } else {
        notFound(request);
      }
    });
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return new EdgeProxy(vertx, server);
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

  /** A service's instances, each in turn. */
  private static final class RoundRobin {
    private final List<SocketAddress> instances;
    private final AtomicInteger turn = new AtomicInteger();

    RoundRobin(List<Integer> ports) {
      this.instances = ports.stream().map(port -> SocketAddress.inetSocketAddress(port, "127.0.0.1")).toList();
    }

    SocketAddress next() {
      return instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
    }
  }
}
