package dev.chirp.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
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
      GraphCommand.await(followSvc.post("/api/v1/users").sendJsonObject(credentials)
          .map(r -> expect(r.statusCode(), 201, r.bodyAsString())));
      JsonObject session = GraphCommand.await(followSvc.post("/api/v1/sessions").sendJsonObject(credentials)
          .map(r -> expect(r.statusCode(), 200, r.bodyAsString()) ? r.bodyAsJsonObject() : null));
      accounts.add(new Account(session.getString("user_id"), handle, session.getString("token")));
    }
    return accounts;
  }

  private static boolean expect(int status, int expected, String body) {
    if (status != expected) throw new IllegalStateException("HTTP " + status + ": " + body);
    return true;
  }
}
