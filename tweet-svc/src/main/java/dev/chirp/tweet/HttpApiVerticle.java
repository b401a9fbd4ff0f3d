package dev.chirp.tweet;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Engines;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.EventPublisher;
import dev.chirp.common.graph.FollowGraphReader;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.Routers;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.common.tweets.Tweet;
import dev.chirp.common.tweets.TweetReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Clock;
import java.util.regex.Pattern;

import static dev.chirp.common.engines.Engines.Engine.CASSANDRA;
import static dev.chirp.common.engines.Engines.Engine.NEO4J;
import static dev.chirp.common.engines.Engines.Engine.PULSAR;

/** tweet-svc's HTTP API: post, read and delete tweets, and an author's own tweets newest first. */
public final class HttpApiVerticle extends VerticleBase {
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7E]{1,64}$");

  private final ChirpConfig config;
  private Engines engines;
  private EventPublisher events;
  private TweetReader tweets;
  private FollowGraphReader graph;
  private TweetWrites writes;
  private OutboxSweeper sweeper;
  private MeterRegistry metrics;
  private Router router;

  public HttpApiVerticle(ChirpConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() throws Exception {
    // Neo4j too: posting resolves the author's handle and the @mentions through the follow graph.
    engines = Engines.open(vertx, config, CASSANDRA, PULSAR, NEO4J);
    metrics = BackendRegistries.getDefaultNow();
    events = EventPublisher.start(vertx, engines.pulsar(), metrics, config.string("pulsar.tweet-topic"),
        config.integer("pulsar.send-timeout-ms"));
    int nodeId = config.integer("node.id");
    TweetStore store = new TweetStore(engines.cassandra(), context, config.integer("outbox.claim-seconds"));
    Outbox outbox = new Outbox(store, events, nodeId);
    tweets = new TweetReader(engines.cassandra(), context);
    graph = new FollowGraphReader(engines.neo4j(), context);
    writes = new TweetWrites(vertx, store, tweets, new UserDirectory(graph, config.longValue("tweets.user-cache-entries")), outbox, new SnowflakeIds(nodeId), Clock.systemUTC(),
        config.longValue("tweets.replay-wait-ms"), metrics);
    sweeper = new OutboxSweeper(vertx, store, outbox, nodeId, config.longValue("outbox.grace-seconds"), Clock.systemUTC(), metrics);
    sweeper.start(config.longValue("outbox.sweep-interval-ms"));

    router = Routers.apiRouter(vertx, engines.readiness());
    BearerAuth auth = new BearerAuth(JwtTokens.verifierFromConfig(vertx, config));
    router.post("/api/v1/tweets").handler(auth).handler(this::post);
    router.get("/api/v1/tweets/:id").handler(this::get);
    router.delete("/api/v1/tweets/:id").handler(auth).handler(this::delete);
    router.get("/api/v1/users/:id/tweets").handler(this::authorTweets);
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .sendFile("tweet-svc-openapi.yaml"));
    return Routers.listen(vertx, router, config.integer("http.port"));
  }

  /** The routes this verticle serves (the OpenAPI test compares them with the document). */
  public Router router() {
    return router;
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
            ? graph.exists(author).compose(exists -> exists ? Future.succeededFuture(page)
                : Future.failedFuture(ApiException.notFound("unknown_user", "no such user " + author)))
            : Future.succeededFuture(page))
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) sweeper.stop();
    Future<Void> closing = events == null ? Future.succeededFuture() : events.close();
    return closing.eventually(() -> engines == null ? Future.succeededFuture() : engines.close());
  }
}
