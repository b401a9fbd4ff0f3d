package dev.chirp.store.graph;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

import java.util.concurrent.TimeUnit;

/** The process's one Neo4j driver. It connects lazily, so a service starts while Neo4j is down. */
public final class Neo4jConnection {
  private final Driver driver;

  private Neo4jConnection(Driver driver) {
    this.driver = driver;
  }

  /** An empty password means a server without auth (the local stack). */
  public static Neo4jConnection open(ChirpConfig config) {
    String password = config.string("neo4j.password");
    AuthToken auth = password.isEmpty() ? AuthTokens.none() : AuthTokens.basic(config.string("neo4j.user"), password);
    // Logs through SLF4J. No driver-side retries: its first retry waits about a second; Cypher retries
    // conflicts itself after milliseconds.
    return new Neo4jConnection(GraphDatabase.driver(config.string("neo4j.uri"), auth, Config.builder()
        .withLogging(Logging.slf4j()).withMaxTransactionRetryTime(0, TimeUnit.MILLISECONDS).build()));
  }

  public Driver driver() {
    return driver;
  }

  /** A real round trip, for readiness. */
  public Future<?> probe() {
    return Future.fromCompletionStage(driver.verifyConnectivityAsync());
  }

  public Future<Void> close() {
    return Future.fromCompletionStage(driver.closeAsync()).mapEmpty();
  }
}
