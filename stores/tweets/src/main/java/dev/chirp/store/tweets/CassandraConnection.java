package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Backoff;
import dev.chirp.common.engines.TlsTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process's one Cassandra session, bound to the configured keyspace, with credentials when
 * {@code cassandra.username} is set and TLS when {@code cassandra.tls-ca-file} names the CA to trust. It connects in the background, retrying
 * with back-off until Cassandra answers, so a service starts while Cassandra is down and becomes ready later.
 */
public final class CassandraConnection {
  private final Future<CqlSession> session;

  private CassandraConnection(Future<CqlSession> session) {
    this.session = session;
  }

  public static CassandraConnection open(Vertx vertx, ChirpConfig config) {
    return new CassandraConnection(Backoff.retryUntilSuccess(vertx, "connecting to Cassandra", () -> connect(config)));
  }

  /** Every request bounded by {@code cassandra.request-timeout-ms}: past it the driver fails it, and the caller gets a 503. */
  private static Future<CqlSession> connect(ChirpConfig config) {
    DriverConfigLoader timeouts = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofMillis(config.longValue("cassandra.request-timeout-ms")))
        .build();
    return Future.fromCompletionStage(builder(config).withConfigLoader(timeouts)
        .withKeyspace(config.string("cassandra.keyspace")).buildAsync());
  }

  /**
   * A session builder from configuration — contact points, local datacenter, credentials, TLS — on no keyspace yet:
   * the services' one way to reach Cassandra, which the schema program shares.
   */
  public static CqlSessionBuilder builder(ChirpConfig config) {
    CqlSessionBuilder builder = CqlSession.builder().withLocalDatacenter(config.string("cassandra.local-datacenter"));
    for (String contactPoint : config.string("cassandra.contact-points").split(",")) {
      String[] hostPort = contactPoint.strip().split(":");
      builder.addContactPoint(new InetSocketAddress(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 9042));
    }
    String username = config.string("cassandra.username");
    if (!username.isEmpty()) builder.withAuthCredentials(username, config.secret("cassandra.password"));
    String ca = config.string("cassandra.tls-ca-file");
    if (!ca.isEmpty()) builder.withSslContext(TlsTrust.trusting(Path.of(ca)));
    return builder;
  }

  /** Completes once Cassandra first answered (possibly long after start). */
  public Future<CqlSession> session() {
    return session;
  }

  /** A real round trip, for readiness. */
  public Future<?> probe() {
    return session.compose(s -> Future.fromCompletionStage(s.executeAsync("SELECT release_version FROM system.local")));
  }

  public Future<Void> close() {
    return session.succeeded() ? Future.fromCompletionStage(session.result().closeAsync()).mapEmpty() : Future.succeededFuture();
  }
}
