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
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetPage;
import dev.chirp.store.tweets.TweetReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one timeline-svc process holds once: Redis, Cassandra and Neo4j clients, their adapters and the tweet
 * cache, shared by every HTTP verticle instance (each has its own {@link HomeTimeline}, which sees the stores
 * through its own narrow interfaces, adapted here).
 */
public final class TimelineServiceWiring implements ServiceMain.Wiring {
  final ChirpConfig config;
  final ReadinessChecks readiness;
  final MeterRegistry metrics;
  final JwtTokens tokens;
  private final RedisConnection redis;
  private final CassandraConnection cassandra;
  private final Neo4jConnection neo4j;
  private final HomeTimeline.CachedTimelines timelines;
  private final TimelineMembership membership;
  private final HomeTimeline.TweetStore tweets;
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
    timelines = new TimelinesInRedis(new TimelineReader(redis.redis(), prefix, cap),
        new TimelineWriter(redis.redis(), prefix, cap));
    membership = new TimelineMembership(cap);
    TweetReader tweetReader = new TweetReader(cassandra.session(), context);
    tweets = new TweetsInCassandra(tweetReader);
    tweetCache = new TweetCache(tweetReader, config.longValue("timeline.tweet-cache-entries"));
    graph = new FollowGraphReader(neo4j.driver(), context, neo4j.timeout());
  }

  public static TimelineServiceWiring open(Vertx vertx, ChirpConfig config) {
    return new TimelineServiceWiring(vertx, config);
  }

  /** A home-timeline use case for one verticle instance (its single-flight rebuilds and small caches are its own). */
  HomeTimeline homeTimeline() {
    return new HomeTimeline(timelines, membership, tweets, tweetCache::tweets, graph::followeeIds,
        Duration.ofDays(config.longValue("timeline.active-days")), Duration.ofMillis(config.longValue("timeline.brief-cache-ms")),
        Duration.ofMillis(config.longValue("timeline.followees-cache-ms")), metrics);
  }

  @Override
  public List<ServiceMain.Part> parts() {
    return List.of(new ServiceMain.Part("http-api", () -> new HttpApiVerticle(this), config.integer("http.instances")));
  }

  @Override
  public ReadinessChecks readiness() {
    return readiness;
  }

  @Override
  public Future<Void> close() {
    return Future.join(redis.close(), cassandra.close(), neo4j.close()).mapEmpty();
  }

  private record TimelinesInRedis(TimelineReader reader, TimelineWriter writer) implements HomeTimeline.CachedTimelines {
    @Override
    public Future<TimelineReader.Read> read(long userId, long maxIdExclusive, int count, Duration ttl) {
      return reader.read(userId, maxIdExclusive, count, ttl);
    }

    @Override
    public Future<Map<Long, Long>> celebrities() {
      return reader.celebrities();
    }

    @Override
    public Future<TimelineWriter.Rebuild> beginRebuild(long userId, Duration ttl) {
      return writer.beginRebuild(userId, ttl);
    }

    @Override
    public Future<List<Long>> finishRebuild(TimelineWriter.Rebuild rebuild, List<Long> ids) {
      return writer.finishRebuild(rebuild, ids);
    }
  }

  private record TweetsInCassandra(TweetReader reader) implements HomeTimeline.TweetStore {
    @Override
    public Future<List<Long>> recentTweetIds(long authorId, int limit) {
      return reader.recentTweetIds(authorId, limit);
    }

    @Override
    public Future<List<Long>> mentionIds(long userId, long maxIdExclusive, int limit) {
      return reader.mentionIds(userId, maxIdExclusive, limit);
    }

    @Override
    public Future<TweetPage> authorTweets(long authorId, long maxIdExclusive, int limit) {
      return reader.authorTweets(authorId, maxIdExclusive, limit);
    }

    @Override
    public Future<Map<Long, Tweet>> tweets(Collection<Long> ids) {
      return reader.tweets(ids);
    }
  }
}
