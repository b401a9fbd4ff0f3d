package dev.chirp.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** HTTP clients for benchmarks, and accounts a benchmark signs up and signs in through follow-svc, with a tag unique to the run. */
final class BenchAccounts {
  record Account(String id, String handle, String token) {
  }

  private BenchAccounts() {
  }

  /** A keep-alive client for one service's base URL, with enough connections for open-loop load. */
  static WebClient client(Vertx vertx, String url) {
    URI base = URI.create(url);
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
  }

  static List<Account> signUp(WebClient followSvc, int count, String prefix) throws Exception {
    List<Account> accounts = new ArrayList<>();
    String run = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 25), 36);
    for (int i = 0; i < count; i++) {
      String handle = prefix + run + "_" + i;
      JsonObject credentials = new JsonObject().put("handle", handle).put("password", "load test password");
      GraphCommand.await(followSvc.post("/api/v1/users").sendJsonObject(credentials).compose(r -> expect(r, 201)));
      JsonObject session = GraphCommand.await(followSvc.post("/api/v1/sessions").sendJsonObject(credentials)
          .compose(r -> expect(r, 200)).map(HttpResponse::bodyAsJsonObject));
      accounts.add(new Account(session.getString("user_id"), handle, session.getString("token")));
    }
    return accounts;
  }

  /** The response if it has the status, else a failure naming the status and the error envelope's code. */
  static Future<HttpResponse<Buffer>> expect(HttpResponse<Buffer> response, int status) {
    return response.statusCode() == status ? Future.succeededFuture(response)
        : Future.failedFuture("HTTP " + response.statusCode() + " " + errorCode(response));
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject().getJsonObject("error").getString("code");
    } catch (RuntimeException e) {
      return "";
    }
  }
}
