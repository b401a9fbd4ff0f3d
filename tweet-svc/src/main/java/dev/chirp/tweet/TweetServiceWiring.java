package dev.chirp.tweet;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.events.EventPublisher;
import dev.chirp.store.events.PulsarConnection;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.Neo4jConnection;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetReader;
import dev.chirp.store.tweets.TweetWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one tweet-svc process holds once: its engine clients (Cassandra, Pulsar, and Neo4j for the author's
 * handle and @mentions), the node's id generator and the outbox, shared by every HTTP verticle instance; the
 * outbox sweeper runs once per process.
 */
public final class TweetServiceWiring implements ServiceMain.Wiring {
  final ChirpConfig config;
  final ReadinessChecks readiness;
  final MeterRegistry metrics;
  final JwtTokens tokens;
  final TweetReader tweets;
  final FollowGraphReader graph;
  final TweetStoreAdapter store;
  final Outbox outbox;
  final TweetWrites writes;
  /** This instance's snowflake node id: its ids, and the outbox partitions its sweeper owns. */
  final int nodeId;
  private final TweetWriter writer;
  private final CassandraConnection cassandra;
  private final Neo4jConnection neo4j;
  private final PulsarConnection pulsar;
  private final EventPublisher events;

  private TweetServiceWiring(Vertx vertx, ChirpConfig config, UnaryOperator<EventSink> sinks) {
    this.config = config;
    Context context = vertx.getOrCreateContext();
    metrics = BackendRegistries.getDefaultNow();
    cassandra = CassandraConnection.open(vertx, config);
    neo4j = Neo4jConnection.open(config);
    pulsar = PulsarConnection.open(config);
    readiness = new ReadinessChecks(vertx).add("cassandra", cassandra::probe).add("pulsar", pulsar::probe)
        .add("neo4j", neo4j::probe);
    events = EventPublisher.start(vertx, pulsar.client(), metrics, config.string("pulsar.tweet-topic"),
        config.integer("pulsar.send-timeout-ms"));
    nodeId = NodeRange.TWEET_SVC.nodeId(config.integer("node.index"));
    tokens = JwtTokens.verifierFromConfig(vertx, config);
    tweets = new TweetReader(cassandra.session(), context);
    graph = new FollowGraphReader(neo4j.driver(), context, neo4j.timeout());
    writer = new TweetWriter(cassandra.session(), context, config.integer("outbox.claim-seconds"));
    store = new TweetStoreAdapter(writer, tweets);
    outbox = new Outbox(store, sinks.apply(sinkOf(events)), nodeId, Clock.systemUTC(), config.longValue("outbox.grace-seconds"));
    UserDirectory users = new CachedUserDirectory(graph, config.longValue("tweets.user-cache-entries"));
    writes = new TweetWrites(vertx, store, store, users, outbox, new SnowflakeIds(nodeId), Clock.systemUTC(),
        config.longValue("tweets.replay-wait-ms"), metrics);
  }

  /** The publisher as the outbox needs it: whether an event was acknowledged, not its Pulsar message id. */
  private static EventSink sinkOf(EventPublisher publisher) {
    return new EventSink() {
      @Override
      public boolean connected() {
        return publisher.connected();
      }

      @Override
      public Future<Void> publish(ChirpEvent event) {
        return publisher.publish(event).mapEmpty();
      }
    };
  }

  public static TweetServiceWiring open(Vertx vertx, ChirpConfig config) {
    return new TweetServiceWiring(vertx, config, UnaryOperator.identity());
  }

  /** With the event sink wrapped by {@code sinks}: how tests make publishes fail while Pulsar itself is up. */
  static TweetServiceWiring open(Vertx vertx, ChirpConfig config, UnaryOperator<EventSink> sinks) {
    return new TweetServiceWiring(vertx, config, sinks);
  }

  @Override
  public List<ServiceMain.Part> parts() {
    return List.of(
        new ServiceMain.Part("http-api", () -> new HttpApiVerticle(this), config.integer("http.instances")),
        ServiceMain.Part.once("outbox-sweeper", () -> new OutboxSweeperVerticle(this)));
  }

  /** Completes once Cassandra answered and the writer's statements are prepared. */
  public Future<Void> ready() {
    return writer.ready();
  }

  @Override
  public ReadinessChecks readiness() {
    return readiness;
  }

  @Override
  public Future<Void> close() {
    return events.close().eventually(() -> Future.join(cassandra.close(), neo4j.close(), pulsar.close()).mapEmpty());
  }
}
