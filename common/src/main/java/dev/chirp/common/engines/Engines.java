package dev.chirp.common.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.redis.client.Redis;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.neo4j.driver.Driver;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The engine clients one service needs, created from its configuration, with one readiness check per engine.
 * Clients connect lazily or retry in the background, so a service starts even while an engine is down and
 * becomes ready when it answers.
 */
public final class Engines {
  public enum Engine { CASSANDRA, NEO4J, PULSAR, REDIS }

  private final Set<Engine> needed;
  private final ReadinessChecks readiness;
  private Future<CqlSession> cassandra;
  private Driver neo4j;
  private PulsarClient pulsar;
  private Redis redis;

  private Engines(Vertx vertx, Set<Engine> needed) {
    this.needed = needed;
    this.readiness = new ReadinessChecks(vertx);
  }

  public static Engines open(Vertx vertx, ChirpConfig config, Engine first, Engine... rest) throws PulsarClientException {
    Engines engines = new Engines(vertx, EnumSet.of(first, rest));
    if (engines.needed.contains(Engine.CASSANDRA)) {
      engines.cassandra = EngineClients.cassandra(vertx, config);
      engines.readiness.cassandra(engines.cassandra);
    }
    if (engines.needed.contains(Engine.NEO4J)) {
      engines.neo4j = EngineClients.neo4j(config);
      engines.readiness.neo4j(engines.neo4j);
    }
    if (engines.needed.contains(Engine.PULSAR)) {
      engines.pulsar = EngineClients.pulsar(config);
      // Any topic lookup is a broker round trip.
      engines.readiness.pulsar(engines.pulsar, config.string("pulsar.tweet-topic"));
    }
    if (engines.needed.contains(Engine.REDIS)) {
      engines.redis = EngineClients.redis(vertx, config);
      engines.readiness.redis(engines.redis);
    }
    return engines;
  }

  public HealthChecks readiness() {
    return readiness.healthChecks();
  }

  /** Completes once Cassandra first answered (it may complete long after start, when Cassandra comes up). */
  public Future<CqlSession> cassandra() {
    return require(Engine.CASSANDRA, cassandra);
  }

  public Driver neo4j() {
    return require(Engine.NEO4J, neo4j);
  }

  public PulsarClient pulsar() {
    return require(Engine.PULSAR, pulsar);
  }

  public Redis redis() {
    return require(Engine.REDIS, redis);
  }

  private <T> T require(Engine engine, T client) {
    if (client == null) throw new IllegalStateException(engine + " was not opened for this service");
    return client;
  }

  public Future<Void> close() {
    List<Future<?>> closing = new ArrayList<>();
    if (cassandra != null) closing.add(cassandra.compose(s -> Future.fromCompletionStage(s.closeAsync())));
    if (neo4j != null) closing.add(Future.fromCompletionStage(neo4j.closeAsync()));
    if (pulsar != null) closing.add(Future.fromCompletionStage(pulsar.closeAsync()));
    if (redis != null) redis.close();
    return Future.join(closing).mapEmpty();
  }
}
