package dev.chirp.tweet;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.ApiVerticle;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** tweet-svc's HTTP API: post, read and delete tweets, and an author's own tweets newest first. */
public final class HttpApiVerticle extends ApiVerticle {
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7E]{1,64}$");

  private final TweetServiceWiring wiring;
  private final MeterRegistry metrics;
  private final TweetReader tweets;
  private final TweetWrites writes;

  HttpApiVerticle(TweetServiceWiring wiring) {
    super(wiring.readiness, wiring.config);
    this.wiring = wiring;
    this.metrics = wiring.metrics;
    this.tweets = wiring.tweets;
    this.writes = wiring.writes;
  }

  @Override
  protected void routes(Router router) {
    BearerAuth auth = new BearerAuth(wiring.tokens);
    router.post("/api/v1/tweets").handler(auth).handler(this::post);
    router.get("/api/v1/tweets/:id").handler(this::get);
    router.delete("/api/v1/tweets/:id").handler(auth).handler(this::delete);
    router.get("/api/v1/users/:id/tweets").handler(this::authorTweets);
    openApi(router, "tweet-svc-openapi.yaml");
  }

  private void post(RoutingContext ctx) {
    long author = BearerAuth.actingUser(ctx);
    TweetText text = TweetText.parse(ApiRequests.string(ApiRequests.body(ctx), "text", "invalid_text"));
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ApiException.badRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 64 visible ASCII characters");
    }
    Timer.Sample sample = Timer.start(metrics);
    writes.post(author, text, key)
        .onComplete(done -> sample.stop(Timer.builder("chirp_tweet_post_seconds").description("POST /tweets, until answered")
            .tag("outcome", done.failed() ? "failed" : done.result().created() ? "created" : "replayed")
            .publishPercentileHistogram().register(metrics)))
        .onSuccess(posted -> {
          Tweet tweet = posted.tweet();
          ctx.response().setStatusCode(posted.created() ? 201 : 200)
              .putHeader("Location", "/api/v1/tweets/" + tweet.id())
              .putHeader("Content-Type", "application/json");
          if (!posted.created()) ctx.response().putHeader("Idempotent-Replayed", "true");
          ctx.response().end(tweet.toJson().encode());
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = ApiRequests.pathId(ctx, "id");
    tweets.tweet(id)
        .onSuccess(found -> found.ifPresentOrElse(tweet -> ctx.json(tweet.toJson()),
            () -> ctx.fail(ApiException.notFound("tweet_not_found", "no tweet " + id))))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    writes.delete(BearerAuth.actingUser(ctx), ApiRequests.pathId(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void authorTweets(RoutingContext ctx) {
    long author = ApiRequests.pathId(ctx, "id");
    long maxId = ApiRequests.maxId(ctx);
    int limit = ApiRequests.limit(ctx);
    tweets.authorTweets(author, maxId, limit)
        .compose(page -> page.tweets().isEmpty() && maxId == Long.MAX_VALUE
            ? wiring.graph.exists(author).compose(exists -> exists ? Future.succeededFuture(page)
                : Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + author)))
            : Future.succeededFuture(page))
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }
}
