package dev.chirp.store.graph;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The process's one Neo4j driver. It connects lazily, so a service starts while Neo4j is down. */
public final class Neo4jConnection {
  private static final long CONNECT_TIMEOUT_MILLIS = 3000;
  private final Driver driver;
  private final Duration timeout;

  private Neo4jConnection(Driver driver, Duration timeout) {
    this.driver = driver;
    this.timeout = timeout;
  }

  /**
   * An empty password means a server without auth (the local stack). TLS: a {@code neo4j+s://} or {@code bolt+s://}
   * URI trusts the system's CAs; {@code neo4j.tls-ca-file} (with a plain scheme) trusts that CA instead.
   */
  public static Neo4jConnection open(ChirpConfig config) {
    // No driver-side retries: its first retry waits about a second; Cypher retries conflicts itself after milliseconds.
    // Reaching Neo4j fails fast; a transaction may wait longer, for locks that many writers to one user contend for.
    Duration timeout = Duration.ofMillis(config.longValue("neo4j.timeout-ms"));
    long connectMillis = Math.min(CONNECT_TIMEOUT_MILLIS, timeout.toMillis());
    return new Neo4jConnection(driver(config, settings(config).withMaxTransactionRetryTime(0, TimeUnit.MILLISECONDS)
        .withConnectionTimeout(connectMillis, TimeUnit.MILLISECONDS)
        .withConnectionAcquisitionTimeout(connectMillis, TimeUnit.MILLISECONDS)), timeout);
  }

  /** The bound of every transaction of the services' readers and writers ({@code neo4j.timeout-ms}). */
  public Duration timeout() {
    return timeout;
  }

  /** Driver settings from configuration (logging through SLF4J, TLS): shared with the schema program. */
  public static Config.ConfigBuilder settings(ChirpConfig config) {
    Config.ConfigBuilder settings = Config.builder().withLogging(Logging.slf4j());
    String ca = config.string("neo4j.tls-ca-file");
    if (!ca.isEmpty()) settings.withEncryption().withTrustStrategy(Config.TrustStrategy.trustCustomCertificateSignedBy(new File(ca)));
    return settings;
  }

  /** A driver for {@code neo4j.uri} with the configured credentials and these settings. */
  public static Driver driver(ChirpConfig config, Config.ConfigBuilder settings) {
    String password = config.secret("neo4j.password");
    AuthToken auth = password.isEmpty() ? AuthTokens.none() : AuthTokens.basic(config.string("neo4j.user"), password);
    return GraphDatabase.driver(config.string("neo4j.uri"), auth, settings.build());
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
