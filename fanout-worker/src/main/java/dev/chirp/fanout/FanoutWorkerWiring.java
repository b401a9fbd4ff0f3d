package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.store.events.EventTracing;
import dev.chirp.store.events.PulsarConnection;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.Neo4jConnection;
import dev.chirp.store.graph.UserProfile;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetPage;
import dev.chirp.store.tweets.TweetReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one fan-out worker process holds once: its four engine clients and store adapters. The events consumer
 * and the backlog poller run once per process; the HTTP side only answers health and metrics.
 */
public final class FanoutWorkerWiring implements ServiceMain.Wiring {
  final ChirpConfig config;
  final ReadinessChecks readiness;
  final MeterRegistry metrics;
  final PulsarConnection pulsar;
  /** Each event's CONSUMER span, when tracing is on. */
  final EventTracing eventTracing;
  /** The subscription's backlog as last polled: a gauge, and what KEDA-style scaling would read. */
  final AtomicLong backlog = new AtomicLong();
  /** What the events consumer waits for (a dependency that failed), or null while events flow. */
  final AtomicReference<String> waitingFor = new AtomicReference<>();
  private final CassandraConnection cassandra;
  private final Neo4jConnection neo4j;
  private final RedisConnection redis;
  private final FollowGraphReader graph;
  private final TweetReader tweets;
  private final TimelineWriter timelines;

  private FanoutWorkerWiring(Vertx vertx, ChirpConfig config) {
    this.config = config;
    Context context = vertx.getOrCreateContext();
    metrics = BackendRegistries.getDefaultNow();
    pulsar = PulsarConnection.open(config);
    eventTracing = EventTracing.of(vertx);
    neo4j = Neo4jConnection.open(config);
    redis = RedisConnection.open(vertx, config);
    cassandra = CassandraConnection.open(vertx, config);
    readiness = new ReadinessChecks(vertx).add("pulsar", pulsar::probe).add("neo4j", neo4j::probe)
        .add("redis", redis::probe).add("cassandra", cassandra::probe)
        .add("events", () -> waitingFor.get() == null ? Future.succeededFuture()
            : Future.failedFuture("taking no new events, waiting for: " + waitingFor.get()));
    graph = new FollowGraphReader(neo4j.driver(), context, neo4j.timeout());
    tweets = new TweetReader(cassandra.session(), context);
    timelines = new TimelineWriter(redis.redis(), config.string("redis.key-prefix"), config.integer("timeline.cap"));
    Gauge.builder("chirp_fanout_backlog", backlog::get).description("Messages not yet acknowledged by this subscription")
        .register(metrics);
  }

  public static FanoutWorkerWiring open(Vertx vertx, ChirpConfig config) {
    return new FanoutWorkerWiring(vertx, config);
  }

  /** The fan-out use case for the events verticle (its follower-list cache belongs to that one context). */
  Fanout fanout() {
    FollowerListVersions versions = new FollowerListVersions() {
      @Override
      public Future<String> current(long authorId) {
        return timelines.followerListVersion(authorId);
      }

      @Override
      public Future<String> bump(long authorId) {
        return timelines.bumpFollowerListVersion(authorId);
      }
    };
    FollowerLists followers = new FollowerLists(graph::streamFollowerIds, versions, config.integer("fanout.follower-page"),
        config.longValue("fanout.follower-cache-ids"), Duration.ofSeconds(config.longValue("fanout.follower-cache-seconds")),
        ForkJoinPool.commonPool());
    FollowerCounts followerCounts = authorId -> graph.user(authorId).map(author -> author.map(UserProfile::followersCount));
    AuthorTweets authorTweets = (authorId, count) -> tweets.authorTweets(authorId, Long.MAX_VALUE, count).map(TweetPage::tweets);
    return new Fanout(followerCounts, graph::follows, followers, authorTweets, homeTimelines(timelines), new TimelineMembership(timelines.cap()),
        config.longValue("fanout.celebrity-threshold"), metrics);
  }

  /** The home timelines in Redis, through the timelines store's writer. */
  private static HomeTimelines homeTimelines(TimelineWriter writer) {
    return new HomeTimelines() {
      @Override
      public Future<Long> push(long tweetId, long[] userIds) {
        return writer.push(tweetId, userIds);
      }

      @Override
      public Future<Long> remove(long[] userIds, List<Long> tweetIds) {
        return writer.remove(userIds, tweetIds);
      }

      @Override
      public Future<Long> merge(long userId, List<Long> tweetIds) {
        return writer.merge(userId, tweetIds);
      }

      @Override
      public Future<Void> markCelebrity(long authorId, long skippedTweetId) {
        return writer.markCelebrity(authorId, skippedTweetId);
      }
    };
  }

  @Override
  public List<ServiceMain.Part> parts() {
    return List.of(
        ServiceMain.Part.once("http-api", () -> new HttpApiVerticle(this)),
        ServiceMain.Part.once("events", () -> new EventsVerticle(this)),
        ServiceMain.Part.once("backlog-poller", () -> new BacklogPollerVerticle(this)));
  }

  @Override
  public ReadinessChecks readiness() {
    return readiness;
  }

  @Override
  public Future<Void> close() {
    return Future.join(pulsar.close(), neo4j.close(), redis.close(), cassandra.close()).mapEmpty();
  }
}
