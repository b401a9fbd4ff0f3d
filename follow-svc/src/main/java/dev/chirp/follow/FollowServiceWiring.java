package dev.chirp.follow;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.events.EventPublisher;
import dev.chirp.store.events.PeriodicSweep;
import dev.chirp.store.events.PulsarConnection;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.FollowGraphWriter;
import dev.chirp.store.graph.Neo4jConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one follow-svc process holds once: Neo4j and Pulsar clients, the node's id generator, the use cases, and the
 * sweeper of pending follows/unfollows (run once per process).
 */
public final class FollowServiceWiring implements ServiceMain.Wiring {
  final ChirpConfig config;
  final ReadinessChecks readiness;
  final JwtTokens tokens;
  final FollowGraphReader reader;
  final Accounts accounts;
  final Follows follows;
  /** Publishes changes left marked pending (run every {@code follows.sweep-interval-ms}). */
  final FollowSweeper sweeper;
  private final Neo4jConnection neo4j;
  private final PulsarConnection pulsar;
  private final EventPublisher events;

  private FollowServiceWiring(Vertx vertx, ChirpConfig config) {
    this.config = config;
    Context context = vertx.getOrCreateContext();
    neo4j = Neo4jConnection.open(config);
    pulsar = PulsarConnection.open(config);
    readiness = new ReadinessChecks(vertx).add("neo4j", neo4j::probe).add("pulsar", pulsar::probe);
    events = EventPublisher.start(vertx, pulsar.client(), BackendRegistries.getDefaultNow(),
        config.string("pulsar.follow-topic"), config.integer("pulsar.send-timeout-ms"));
    tokens = JwtTokens.issuerFromConfig(vertx, config);
    FollowGraphWriter writer = new FollowGraphWriter(neo4j.driver(), context, neo4j.timeout());
    reader = new FollowGraphReader(neo4j.driver(), context, neo4j.timeout());
    Passwords passwords = new Passwords(config.integer("password.argon2.memory-kib"), config.integer("password.argon2.iterations"));
    accounts = new Accounts(vertx, new UsersInNeo4j(writer), passwords, tokens, new SnowflakeIds(NodeRange.FOLLOW_SVC.nodeId(config.integer("node.index"))),
        config.longValue("jwt.ttl-seconds"));
    EdgesInNeo4j edges = new EdgesInNeo4j(writer);
    follows = new Follows(edges, events::publish);
    sweeper = new FollowSweeper(edges, events::publish, Duration.ofSeconds(config.longValue("follows.sweep-grace-seconds")),
        config.integer("follows.sweep-batch"), Clock.systemUTC());
  }

  public static FollowServiceWiring open(Vertx vertx, ChirpConfig config) {
    return new FollowServiceWiring(vertx, config);
  }

  @Override
  public List<ServiceMain.Part> parts() {
    return List.of(new ServiceMain.Part("http-api", () -> new HttpApiVerticle(this), config.integer("http.instances")),
        ServiceMain.Part.once("pending-sweeper", SweeperVerticle::new));
  }

  @Override
  public ReadinessChecks readiness() {
    return readiness;
  }

  @Override
  public Future<Void> close() {
    return events.close().eventually(() -> Future.join(neo4j.close(), pulsar.close()).mapEmpty());
  }

  /** Runs the sweeper every {@code follows.sweep-interval-ms}, never two passes at once. */
  private final class SweeperVerticle extends VerticleBase {
    private PeriodicSweep sweep;

    @Override
    public Future<?> start() {
      sweep = new PeriodicSweep(vertx, "pending follows", config.longValue("follows.sweep-interval-ms"),
          BackendRegistries.getDefaultNow(), "chirp_follow_swept_events", sweeper::sweep);
      sweep.start();
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      sweep.stop();
      return Future.succeededFuture();
    }
  }

  private record UsersInNeo4j(FollowGraphWriter writer) implements Accounts.Users {
    @Override
    public Future<Void> createUser(long id, String handle, String passwordHash, Instant createdAt) {
      return writer.createUser(id, handle, passwordHash, createdAt);
    }

    @Override
    public Future<Optional<FollowGraphWriter.Credentials>> credentials(String handle) {
      return writer.credentials(handle);
    }
  }

  private record EdgesInNeo4j(FollowGraphWriter writer) implements Follows.Edges, FollowSweeper.PendingChanges {
    @Override
    public Future<List<FollowGraphWriter.PendingChange>> pendingFollows(Instant before, int limit) {
      return writer.pendingFollows(before, limit);
    }

    @Override
    public Future<List<FollowGraphWriter.PendingChange>> pendingUnfollows(Instant before, int limit) {
      return writer.pendingUnfollows(before, limit);
    }

    @Override
    public Future<Void> followSwept(FollowGraphWriter.PendingChange follow) {
      return writer.followSwept(follow);
    }

    @Override
    public Future<FollowGraphWriter.Outcome> follow(long follower, long followee, Instant now) {
      return writer.follow(follower, followee, now);
    }

    @Override
    public Future<Void> followPublished(long follower, long followee) {
      return writer.followPublished(follower, followee);
    }

    @Override
    public Future<FollowGraphWriter.Outcome> unfollow(long follower, long followee, Instant now) {
      return writer.unfollow(follower, followee, now);
    }

    @Override
    public Future<Void> unfollowPublished(long follower, long followee) {
      return writer.unfollowPublished(follower, followee);
    }
  }
}
