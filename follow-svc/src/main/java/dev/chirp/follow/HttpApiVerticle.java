package dev.chirp.follow;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Engines;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.common.events.EventPublisher;
import dev.chirp.common.graph.FollowGraphReader;
import dev.chirp.common.graph.UserPage;
import dev.chirp.common.graph.UserProfile;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.Routers;
import dev.chirp.common.id.SnowflakeIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.chirp.common.engines.Engines.Engine.NEO4J;
import static dev.chirp.common.engines.Engines.Engine.PULSAR;

/** follow-svc's HTTP API: accounts, sign-in, profiles, follow/unfollow and follower/following lists. */
public final class HttpApiVerticle extends VerticleBase {
  private static final Pattern HANDLE = Pattern.compile("^[A-Za-z0-9_]{1,15}$");
  private static final int MIN_PASSWORD = 8;
  private static final int MAX_PASSWORD = 128;

  private final ChirpConfig config;
  private Engines engines;
  private FollowGraph graph;
  private FollowGraphReader reader;
  private EventPublisher events;
  private JwtTokens tokens;
  private Passwords passwords;
  private SnowflakeIds ids;
  /** Verified against when a handle is unknown, so a wrong handle costs as long as a wrong password. */
  private String decoyHash;
  private Router router;

  public HttpApiVerticle(ChirpConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() throws Exception {
    engines = Engines.open(vertx, config, NEO4J, PULSAR);
    graph = new FollowGraph(engines.neo4j(), context);
    reader = new FollowGraphReader(engines.neo4j(), context);
    events = EventPublisher.start(vertx, engines.pulsar(), BackendRegistries.getDefaultNow(),
        config.string("pulsar.follow-topic"), config.integer("pulsar.send-timeout-ms"));
    tokens = JwtTokens.issuerFromConfig(vertx, config);
    passwords = new Passwords(config.integer("password.argon2.memory-kib"), config.integer("password.argon2.iterations"));
    ids = new SnowflakeIds(config.integer("node.id"));

    router = Routers.apiRouter(vertx, engines.readiness());
    BearerAuth auth = new BearerAuth(tokens);
    router.post("/api/v1/users").handler(this::signUp);
    router.post("/api/v1/sessions").handler(this::signIn);
    router.get("/api/v1/users/by-handle/:handle").handler(ctx -> profile(ctx, reader.userByHandle(ctx.pathParam("handle"))));
    router.get("/api/v1/users/:id").handler(ctx -> profile(ctx, reader.user(ApiRequests.pathId(ctx, "id"))));
    router.put("/api/v1/users/:id/following/:target_id").handler(auth).handler(this::follow);
    router.delete("/api/v1/users/:id/following/:target_id").handler(auth).handler(this::unfollow);
    router.get("/api/v1/users/:id/followers").handler(ctx -> list(ctx, reader::followers));
    router.get("/api/v1/users/:id/following").handler(ctx -> list(ctx, reader::following));
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .sendFile("follow-svc-openapi.yaml"));
    // Argon2 is slow by design (seconds while the JIT is cold): never on the event loop.
    return vertx.executeBlocking(() -> passwords.hash("decoy password that matches nothing"))
        .compose(decoy -> {
          decoyHash = decoy;
          return Routers.listen(vertx, router, config.integer("http.port"));
        });
  }

  /** The routes this verticle serves (the OpenAPI test compares them with the document). */
  public Router router() {
    return router;
  }

  private void signUp(RoutingContext ctx) {
    JsonObject body = ApiRequests.body(ctx);
    String handle = ApiRequests.string(body, "handle", "invalid_handle");
    String password = ApiRequests.string(body, "password", "invalid_password");
    if (!HANDLE.matcher(handle).matches()) {
      throw ApiException.badRequest("invalid_handle", "handle must be 1 to 15 letters, digits or underscores");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      throw ApiException.badRequest("invalid_password", "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    long id = ids.next();
    Instant createdAt = SnowflakeIds.timeOf(id);
    vertx.executeBlocking(() -> passwords.hash(password), false)
        .compose(hash -> graph.createUser(id, handle, hash, createdAt))
        .onSuccess(v -> ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/users/" + id)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", Long.toString(id)).put("handle", handle)
                .put("created_at", ApiRequests.time(createdAt)).encode()))
        .onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ApiRequests.body(ctx);
    String handle = ApiRequests.string(body, "handle", "invalid_handle");
    String password = ApiRequests.string(body, "password", "invalid_password");
    long ttl = config.longValue("jwt.ttl-seconds");
    graph.credentials(handle)
        .compose(found -> vertx.executeBlocking(() -> found.filter(c -> passwords.matches(password, c.passwordHash()))
            .or(() -> {
              passwords.matches(password, decoyHash);
              return Optional.empty();
            }), false))
        .onSuccess(match -> {
          if (match.isEmpty()) {
            ctx.fail(new ApiException(401, "invalid_credentials", "unknown handle or wrong password"));
            return;
          }
          long userId = match.get().userId();
          ctx.json(new JsonObject().put("token", tokens.issue(userId, ttl)).put("user_id", Long.toString(userId))
              .put("expires_at", ApiRequests.time(Instant.now().plusSeconds(ttl))));
        })
        .onFailure(ctx::fail);
  }

  private void profile(RoutingContext ctx, Future<Optional<UserProfile>> lookup) {
    lookup.compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiException.notFound("unknown_user", "no such user"))))
        .onSuccess(user -> ctx.json(new JsonObject().put("id", Long.toString(user.id())).put("handle", user.handle())
          .put("created_at", ApiRequests.time(user.createdAt()))
          .put("followers_count", user.followersCount()).put("following_count", user.followingCount())))
        .onFailure(ctx::fail);
  }

  private void follow(RoutingContext ctx) {
    long follower = BearerAuth.requireSelf(ctx, "id");
    long target = ApiRequests.pathId(ctx, "target_id");
    if (follower == target) throw ApiException.badRequest("cannot_follow_self", "a user cannot follow themselves");
    graph.follow(follower, target, Instant.now())
        .compose(outcome -> switch (outcome) {
          case FOLLOWER_UNKNOWN -> Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + follower));
          case TARGET_UNKNOWN -> Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + target));
          case PUBLISH -> events.publish(new Followed(follower, target)).compose(acked -> graph.followPublished(follower, target));
          case UNCHANGED -> Future.succeededFuture();
        })
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void unfollow(RoutingContext ctx) {
    long follower = BearerAuth.requireSelf(ctx, "id");
    long target = ApiRequests.pathId(ctx, "target_id");
    graph.unfollow(follower, target)
        .compose(outcome -> switch (outcome) {
          case FOLLOWER_UNKNOWN, TARGET_UNKNOWN -> Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + follower));
          case PUBLISH -> events.publish(new Unfollowed(follower, target)).compose(acked -> graph.unfollowPublished(follower, target));
          case UNCHANGED -> Future.succeededFuture();
        })
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  interface PageQuery {
    Future<UserPage> page(long userId, long afterId, int limit);
  }

  private void list(RoutingContext ctx, PageQuery query) {
    long userId = ApiRequests.pathId(ctx, "id");
    int limit = ApiRequests.limit(ctx);
    long after = ApiRequests.cursor(ctx);
    query.page(userId, after, limit)
        .compose(page -> page.users().isEmpty() && after == 0
            ? reader.exists(userId).compose(exists -> exists ? Future.succeededFuture(page)
                : Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + userId)))
            : Future.succeededFuture(page))
        .onSuccess(page -> {
          JsonArray users = new JsonArray();
          page.users().forEach(u -> users.add(new JsonObject().put("id", Long.toString(u.id())).put("handle", u.handle())));
          ctx.json(new JsonObject().put("users", users)
              .put("next_cursor", page.nextAfter() == null ? null : ApiRequests.cursorAfter(page.nextAfter())));
        })
        .onFailure(ctx::fail);
  }

  @Override
  public Future<?> stop() {
    Future<Void> closing = events == null ? Future.succeededFuture() : events.close();
    return closing.eventually(() -> engines == null ? Future.succeededFuture() : engines.close());
  }
}
