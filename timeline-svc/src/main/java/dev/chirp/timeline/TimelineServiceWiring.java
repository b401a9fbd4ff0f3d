package dev.chirp.timeline;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.Neo4jConnection;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.List;

/**
 * What one timeline-svc process holds once: Redis, Cassandra and Neo4j clients, their adapters and the tweet
 * cache, shared by every HTTP verticle instance (each has its own {@link HomeTimeline}).
 */
public final class TimelineServiceWiring implements ServiceMain.Wiring {
  final ChirpConfig config;
  final ReadinessChecks readiness;
  final MeterRegistry metrics;
  final JwtTokens tokens;
  private final RedisConnection redis;
  private final CassandraConnection cassandra;
  private final Neo4jConnection neo4j;
  private final TimelineReader timelines;
  private final TimelineWriter rebuilds;
  private final TimelineMembership membership;
  private final TweetReader tweets;
  private final TweetCache tweetCache;
  private final FollowGraphReader graph;

  private TimelineServiceWiring(Vertx vertx, ChirpConfig config) {
    this.config = config;
    Context context = vertx.getOrCreateContext();
    metrics = BackendRegistries.getDefaultNow();
    redis = RedisConnection.open(vertx, config);
    cassandra = CassandraConnection.open(vertx, config);
    neo4j = Neo4jConnection.open(config);
    readiness = new ReadinessChecks(vertx).add("redis", redis::probe).add("cassandra", cassandra::probe)
        .add("neo4j", neo4j::probe);
    tokens = JwtTokens.verifierFromConfig(vertx, config);
    String prefix = config.string("redis.key-prefix");
    int cap = config.integer("timeline.cap");
    timelines = new TimelineReader(redis.redis(), prefix, cap);
    rebuilds = new TimelineWriter(redis.redis(), prefix, cap);
    membership = new TimelineMembership(cap);
    tweets = new TweetReader(cassandra.session(), context);
    tweetCache = new TweetCache(tweets, config.longValue("timeline.tweet-cache-entries"));
    graph = new FollowGraphReader(neo4j.driver(), context);
  }

  public static TimelineServiceWiring open(Vertx vertx, ChirpConfig config) {
    return new TimelineServiceWiring(vertx, config);
  }

  /** A home-timeline use case for one verticle instance (its single-flight rebuilds and small caches are its own). */
  HomeTimeline homeTimeline() {
    return new HomeTimeline(timelines, rebuilds, membership, tweets, tweetCache, graph,
        Duration.ofDays(config.longValue("timeline.active-days")), Duration.ofMillis(config.longValue("timeline.brief-cache-ms")),
        Duration.ofMillis(config.longValue("timeline.followees-cache-ms")), metrics);
  }

  @Override
  public List<ServiceMain.Part> parts() {
    return List.of(new ServiceMain.Part("http-api", () -> new HttpApiVerticle(this), config.integer("http.instances")));
  }

  @Override
  public Future<Void> close() {
    return Future.join(redis.close(), cassandra.close(), neo4j.close()).mapEmpty();
  }
}
