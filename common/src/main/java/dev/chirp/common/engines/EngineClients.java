package dev.chirp.common.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.net.InetSocketAddress;

/** The one place that turns configuration into engine clients, so every service connects the same way. */
public final class EngineClients {
  private EngineClients() {
  }

  /** Connects asynchronously, retrying with back-off until Cassandra answers; bound to the configured keyspace. */
  public static Future<CqlSession> cassandra(Vertx vertx, ChirpConfig config) {
    return Backoff.retryUntilSuccess(vertx, "connecting to Cassandra", () -> connectCassandra(config));
  }

  private static Future<CqlSession> connectCassandra(ChirpConfig config) {
    CqlSessionBuilder builder = CqlSession.builder()
        .withLocalDatacenter(config.string("cassandra.local-datacenter"))
        .withKeyspace(config.string("cassandra.keyspace"));
    for (String contactPoint : config.string("cassandra.contact-points").split(",")) {
      String[] hostPort = contactPoint.strip().split(":");
      builder.addContactPoint(new InetSocketAddress(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 9042));
    }
    return Future.fromCompletionStage(builder.buildAsync());
  }

  /** The driver connects lazily; an empty password means a server without auth (the local stack). */
  public static Driver neo4j(ChirpConfig config) {
    String password = config.string("neo4j.password");
    AuthToken auth = password.isEmpty() ? AuthTokens.none() : AuthTokens.basic(config.string("neo4j.user"), password);
    // Logs through SLF4J. No driver-side retries: its first retry waits about a second; Cypher retries
    // conflicts itself after milliseconds.
    return GraphDatabase.driver(config.string("neo4j.uri"), auth, Config.builder().withLogging(Logging.slf4j())
        .withMaxTransactionRetryTime(0, java.util.concurrent.TimeUnit.MILLISECONDS).build());
  }

  public static PulsarClient pulsar(ChirpConfig config) throws PulsarClientException {
    return PulsarClient.builder().serviceUrl(config.string("pulsar.service-url")).build();
  }

  public static Redis redis(Vertx vertx, ChirpConfig config) {
    // Fan-out sends many scripts at once: a wait queue for bursts instead of the default's 24.
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(config.string("redis.uri"))
        .setMaxPoolSize(8).setMaxPoolWaiting(4096));
  }
}
