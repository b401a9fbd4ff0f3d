package dev.chirp.deploy;

import dev.chirp.common.error.ErrorResponses;
import dev.chirp.common.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stack's one entry point: every public path ({@link EntryRoutes}) on one port, forwarded to the service that
 * owns it (reverse proxy, vertx-http-proxy), so a client needs one base URL. Requests take turns over a service's
 * instances (round robin, request by request, over pooled connections). Unknown paths get the error envelope.
 * With tracing on, each request is a server span (continuing the client's {@code traceparent}, if any) and its
 * forwarding a client span, whose context is what the service receives.
 */
public final class EdgeProxy implements AutoCloseable {
  static final int CONNECT_TIMEOUT_MILLIS = 2000;
  static final int IDLE_TIMEOUT_SECONDS = 30;
  /**
   * Requests in flight per service instance. More than Vert.x's default of 5, so a burst of slow requests (sign-in
   * hashes passwords) does not hold every connection; not so many that an overloaded service gets more at once
   * than it can answer within the timeouts: the rest wait here, in order.
   */
  static final int CONNECTIONS_PER_INSTANCE = 16;
  private final Vertx vertx;
  private final HttpServer server;
  private final Tracing tracing;

  private EdgeProxy(Vertx vertx, HttpServer server, Tracing tracing) {
    this.vertx = vertx;
    this.server = server;
    this.tracing = tracing;
  }

  /**
   * Serves on {@code port} (0: any free one), forwarding to the instances' ports of each service by name
   * (tweet-svc, follow-svc, timeline-svc).
   */
  public static EdgeProxy start(int port, Map<String, List<Integer>> instancePorts) throws Exception {
    return start(port, instancePorts, Tracing.OFF);
  }

  /** The same, traced by {@code tracing}, which the proxy owns from now on (it closes it). */
  public static EdgeProxy start(int port, Map<String, List<Integer>> instancePorts, Tracing tracing) throws Exception {
    return start(port, instancePorts, tracing, IDLE_TIMEOUT_SECONDS);
  }

  static EdgeProxy start(int port, Map<String, List<Integer>> instancePorts, Tracing tracing, int idleTimeoutSeconds) throws Exception {
    Map<String, RoundRobin> instances = new HashMap<>();
    instancePorts.forEach((service, ports) -> instances.put(service, new RoundRobin(ports)));
    Vertx vertx = tracing.newVertx(new VertxOptions());
    // Bounded waits: a service that does not accept, or stops answering, costs a client at most these.
    HttpClientOptions client = new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(idleTimeoutSeconds);
    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(client, new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_INSTANCE)));
    proxy.addInterceptor(new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> Future.succeededFuture(unavailable(context)));
      }
    });
    if (tracing.enabled()) {
      // The forwarding request's client span adds its own traceparent; the client's copy must not go along too.
      proxy.addInterceptor(ProxyInterceptor.builder().filteringRequestHeaders(Set.of("traceparent", "tracestate")).build());
    }
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
    try {
      server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      vertx.close();
      tracing.close();
      throw e;
    }
    return new EdgeProxy(vertx, server, tracing);
  }

  /** The service could not be reached or did not answer in time: the contract's 503, not the proxy's bare 502. */
  private static ProxyResponse unavailable(ProxyContext context) {
    String service = EntryRoutes.route(context.request().proxiedRequest().path()).map(EntryRoutes.Route::service).orElse("service");
    return context.request().response().setStatusCode(503).setStatusMessage("Service Unavailable")
        .putHeader("Content-Type", "application/json").putHeader("Retry-After", "2")
        .setBody(Body.body(Buffer.buffer(ErrorResponses.envelope("service_unavailable", service + " is unavailable, retry later").encode())));
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
    // Exports the spans still buffered (tracing on) before the launcher exits.
    tracing.close();
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
