package dev.chirp.common;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.auth.RsaPem;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.http.Observability;
import dev.chirp.common.http.Routers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Promise;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared HTTP plumbing on a real Vert.x server: error envelope, auth, health and metrics routes. */
class RoutersTest {
  private static final RsaPem KEYS = RsaPem.generate();
  private static final AtomicBoolean engineUp = new AtomicBoolean(true);
  private static Vertx vertx;
  private static WebClient client;
  private static HttpServer server;
  private static JwtTokens tokens;

  @BeforeAll
  static void start() throws Exception {
    vertx = Observability.newVertx();
    tokens = JwtTokens.issuer(vertx, KEYS, "chirp");
    ReadinessChecks readiness = new ReadinessChecks(vertx)
        .add("cassandra", () -> engineUp.get() ? Future.succeededFuture() : Future.failedFuture("refused"))
        .add("slow", () -> engineUp.get() ? Future.succeededFuture() : Promise.promise().future());
    Router router = Routers.apiRouter(vertx, readiness);
    router.post("/api/v1/echo").handler(ctx -> ctx.json(ctx.body().asJsonObject()));
    router.put("/api/v1/users/:id/things").handler(new BearerAuth(tokens)).handler(ctx ->
        ctx.json(new JsonObject().put("acting", BearerAuth.requireSelf(ctx, "id"))));
    router.get("/api/v1/query").handler(ctx -> ctx.json(new JsonObject().put("cursor", ctx.queryParams().get("cursor"))));
    router.get("/api/v1/items/:id").handler(ctx -> ctx.json(new JsonObject().put("cursor", ctx.queryParams().get("cursor"))));
    router.get("/api/v1/conflict").handler(ctx -> ctx.fail(ApiException.conflict("handle_taken", "taken")));
    router.get("/api/v1/down").handler(ctx -> ctx.fail(ApiException.unavailable("cassandra", null)));
    router.get("/api/v1/bug").handler(ctx -> {
      throw new IllegalStateException("a bug");
    });
    server = await(Routers.listen(vertx, router, 0));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void unknownPathsAre404Envelopes() throws Exception {
    assertError(await(client.get("/api/v1/nothing-here").send()), 404, "not_found");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(await(client.post("/api/v1/echo").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"text\": "))), 400, "malformed_json");
  }

  @Test
  void bodiesOver64KiBAre413() throws Exception {
    String big = "{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertError(await(client.post("/api/v1/echo").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(big))), 413, "body_too_large");
  }

  @Test
  void wellFormedJsonPassesThrough() throws Exception {
    HttpResponse<Buffer> response = await(client.post("/api/v1/echo").sendJsonObject(new JsonObject().put("a", 1)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getInteger("a")).isEqualTo(1);
  }

  @Test
  void writesNeedAValidTokenForTheActingUser() throws Exception {
    assertError(await(client.put("/api/v1/users/5/things").send()), 401, "unauthorized");
    assertError(await(client.put("/api/v1/users/5/things").putHeader("Authorization", "Bearer junk").send()), 401, "unauthorized");
    String forFive = tokens.issue(5, 60);
    assertError(await(client.put("/api/v1/users/6/things").putHeader("Authorization", "Bearer " + forFive).send()), 403, "forbidden");
    HttpResponse<Buffer> ok = await(client.put("/api/v1/users/5/things").putHeader("Authorization", "Bearer " + forFive).send());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getLong("acting")).isEqualTo(5L);
  }

  @Test
  void apiExceptionsKeepTheirStatusAndCode() throws Exception {
    assertError(await(client.get("/api/v1/conflict").send()), 409, "handle_taken");
    HttpResponse<Buffer> down = await(client.get("/api/v1/down").send());
    assertError(down, 503, "service_unavailable");
    assertThat(down.getHeader("Retry-After")).isNotBlank();
  }

  @Test
  void bugsAreAnEnvelopeToo() throws Exception {
    assertError(await(client.get("/api/v1/bug").send()), 500, "internal_error");
  }

  @Test
  void unparseableRequestsAreEnvelopesToo() throws Exception {
    assertError(await(client.get("/api/v1/query?cursor=%%%").send()), 400, "malformed_request");
    assertError(await(client.get("/api/v1/items/5?cursor=%%%").send()), 400, "malformed_request");
    assertError(await(client.get("/api/v1/items/%zz").send()), 400, "malformed_request");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    assertError(await(client.delete("/api/v1/echo").send()), 405, "method_not_allowed");
  }

  @Test
  void readinessFollowsTheChecksAndNamesWhatIsDown() throws Exception {
    assertThat(await(client.get("/health/live").send()).statusCode()).isEqualTo(200);
    engineUp.set(true);
    assertThat(await(client.get("/health/ready").send()).statusCode()).isEqualTo(200);
    engineUp.set(false);
    HttpResponse<Buffer> down = await(client.get("/health/ready").send());
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsString()).contains("cassandra").contains("DOWN").contains("slow");
    assertThat(down.getHeader("Retry-After")).isNotBlank();
    assertThat(await(client.get("/metrics").send()).bodyAsString())
        .contains("chirp_health_check_up{check=\"cassandra\"} 0.0");
    engineUp.set(true);
    await(client.get("/health/ready").send());
    assertThat(await(client.get("/metrics").send()).bodyAsString())
        .contains("chirp_health_check_up{check=\"cassandra\"} 1.0");
  }

  @Test
  void theInstanceScopeIgnoresEnginesAndTurnsFalseOnlyWhenDraining() throws Exception {
    ReadinessChecks readiness = new ReadinessChecks(vertx).add("redis", () -> Future.failedFuture("refused"));
    HttpServer own = await(Routers.listen(vertx, Routers.apiRouter(vertx, readiness), 0));
    WebClient ownClient = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(own.actualPort()));
    try {
      assertThat(await(ownClient.get("/health/ready").send()).statusCode()).isEqualTo(503);
      assertThat(await(ownClient.get("/health/ready?scope=instance").send()).statusCode()).isEqualTo(200);
      readiness.drain();
      HttpResponse<Buffer> draining = await(ownClient.get("/health/ready?scope=instance").send());
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(draining.getHeader("Retry-After")).isNotBlank();
    } finally {
      await(own.close());
    }
  }

  @Test
  void metricsArePrometheusTextWithHttpServerMetricsPerRoute() throws Exception {
    await(client.post("/api/v1/echo").sendJsonObject(new JsonObject()));
    HttpResponse<Buffer> metrics = await(client.get("/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total").contains("route=\"/api/v1/echo\"")
        .contains("jvm_memory_used_bytes");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
