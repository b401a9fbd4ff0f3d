package dev.chirp.timeline;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Engines;
import dev.chirp.common.graph.FollowGraphReader;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.Routers;
import dev.chirp.common.timeline.TimelineCache;
import dev.chirp.common.tweets.TweetReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;

import static dev.chirp.common.engines.Engines.Engine.CASSANDRA;
import static dev.chirp.common.engines.Engines.Engine.NEO4J;
import static dev.chirp.common.engines.Engines.Engine.REDIS;

/** timeline-svc's HTTP API: a user's home timeline, newest first, hydrated (the owner's token only). */
public final class HttpApiVerticle extends VerticleBase {
  private final ChirpConfig config;
  private Engines engines;
  private HomeTimeline home;
  private MeterRegistry metrics;
  private Timer readsOk;
  private Timer readsFailed;
  private Router router;

  public HttpApiVerticle(ChirpConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() throws Exception {
    engines = Engines.open(vertx, config, REDIS, CASSANDRA, NEO4J);
    metrics = BackendRegistries.getDefaultNow();
    readsOk = readTimer("ok");
    readsFailed = readTimer("failed");
    TimelineCache timelines = new TimelineCache(engines.redis(), config.string("redis.key-prefix"), config.integer("timeline.cap"));
    TweetReader tweets = new TweetReader(engines.cassandra(), context);
    home = new HomeTimeline(timelines, tweets, new TweetCache(tweets, config.longValue("timeline.tweet-cache-entries")),
        new FollowGraphReader(engines.neo4j(), context), Duration.ofDays(config.longValue("timeline.active-days")),
        Duration.ofMillis(config.longValue("timeline.brief-cache-ms")), Duration.ofMillis(config.longValue("timeline.followees-cache-ms")),
        metrics);
    router = Routers.apiRouter(vertx, engines.readiness());
    BearerAuth auth = new BearerAuth(JwtTokens.verifierFromConfig(vertx, config));
    router.get("/api/v1/users/:id/home_timeline").handler(auth).handler(this::homeTimeline);
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .sendFile("timeline-svc-openapi.yaml"));
    return Routers.listen(vertx, router, config.integer("http.port"));
  }

  private Timer readTimer(String outcome) {
    return Timer.builder("chirp_timeline_read_seconds").publishPercentileHistogram().tag("outcome", outcome).register(metrics);
  }

  /** The routes this verticle serves (the OpenAPI test compares them with the document). */
  public Router router() {
    return router;
  }

  private void homeTimeline(RoutingContext ctx) {
    long user = BearerAuth.requireSelf(ctx, "id");
    long maxId = ApiRequests.maxId(ctx);
    int limit = ApiRequests.limit(ctx);
    Timer.Sample sample = Timer.start(metrics);
    home.page(user, maxId, limit)
        .onComplete(done -> sample.stop(done.succeeded() ? readsOk : readsFailed))
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }

  @Override
  public Future<?> stop() {
    return engines == null ? Future.succeededFuture() : engines.close();
  }
}
