package dev.chirp.follow;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.ApiVerticle;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.UserPage;
import dev.chirp.store.graph.UserProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Optional;

/** follow-svc's HTTP API: accounts, sign-in, profiles, follow/unfollow and follower/following lists. */
public final class HttpApiVerticle extends ApiVerticle {
  private final FollowServiceWiring wiring;
  private final FollowGraphReader reader;

  HttpApiVerticle(FollowServiceWiring wiring) {
    super(wiring.readiness, wiring.config);
    this.wiring = wiring;
    this.reader = wiring.reader;
  }

  @Override
  protected void routes(Router router) {
    BearerAuth auth = new BearerAuth(wiring.tokens);
    router.post("/api/v1/users").handler(this::signUp);
    router.post("/api/v1/sessions").handler(this::signIn);
    router.get("/api/v1/users/by-handle/:handle").handler(ctx -> profile(ctx, reader.userByHandle(ctx.pathParam("handle"))));
    router.get("/api/v1/users/:id").handler(ctx -> profile(ctx, reader.user(ApiRequests.pathId(ctx, "id"))));
    router.put("/api/v1/users/:id/following/:target_id").handler(auth).handler(this::follow);
    router.delete("/api/v1/users/:id/following/:target_id").handler(auth).handler(this::unfollow);
    router.get("/api/v1/users/:id/followers").handler(ctx -> list(ctx, reader::followers));
    router.get("/api/v1/users/:id/following").handler(ctx -> list(ctx, reader::following));
    openApi(router, "follow-svc-openapi.yaml");
  }

  @Override
  protected Future<?> beforeListening() {
    return wiring.accounts.ready();
  }

  private void signUp(RoutingContext ctx) {
    JsonObject body = ApiRequests.body(ctx);
    wiring.accounts.signUp(ApiRequests.string(body, "handle", "invalid_handle"), ApiRequests.string(body, "password", "invalid_password"))
        .onSuccess(account -> ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/users/" + account.id())
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", Long.toString(account.id())).put("handle", account.handle())
                .put("created_at", ApiRequests.time(account.createdAt())).encode()))
        .onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ApiRequests.body(ctx);
    wiring.accounts.signIn(ApiRequests.string(body, "handle", "invalid_handle"), ApiRequests.string(body, "password", "invalid_password"))
        .onSuccess(session -> ctx.json(new JsonObject().put("token", session.token())
            .put("user_id", Long.toString(session.userId())).put("expires_at", ApiRequests.time(session.expiresAt()))))
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
    wiring.follows.follow(follower, ApiRequests.pathId(ctx, "target_id"), Instant.now())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void unfollow(RoutingContext ctx) {
    long follower = BearerAuth.requireSelf(ctx, "id");
    wiring.follows.unfollow(follower, ApiRequests.pathId(ctx, "target_id"), Instant.now())
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
}
