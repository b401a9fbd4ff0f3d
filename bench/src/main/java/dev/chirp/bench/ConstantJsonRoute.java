package dev.chirp.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;

import static dev.chirp.bench.GraphCommand.await;

/**
 * A Vert.x route in this process answering every request with the same JSON: the machine's HTTP rate that
 * Chirp's reads are compared with, measured the same way.
 */
final class ConstantJsonRoute implements AutoCloseable {
  private final HttpServer server;
  private final WebClient client;

  private ConstantJsonRoute(HttpServer server, WebClient client) {
    this.server = server;
    this.client = client;
  }

  static ConstantJsonRoute start(Vertx vertx, String json) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response()
        .putHeader("Content-Type", "application/json").end(json));
    await(server.listen(0, "127.0.0.1"));
    return new ConstantJsonRoute(server, BenchAccounts.client(vertx, "http://127.0.0.1:" + server.actualPort()));
  }

  /** A keep-alive client for the route. */
  WebClient client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.close();
    await(server.close());
  }
}
