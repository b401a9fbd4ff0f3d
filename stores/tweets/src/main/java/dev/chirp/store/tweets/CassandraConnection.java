package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetSocketAddress;

/**
 * The process's one Cassandra session, bound to the configured keyspace. It connects in the background, retrying
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

  private static Future<CqlSession> connect(ChirpConfig config) {
    CqlSessionBuilder builder = CqlSession.builder()
        .withLocalDatacenter(config.string("cassandra.local-datacenter"))
        .withKeyspace(config.string("cassandra.keyspace"));
    for (String contactPoint : config.string("cassandra.contact-points").split(",")) {
      String[] hostPort = contactPoint.strip().split(":");
      builder.addContactPoint(new InetSocketAddress(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 9042));
    }
    return Future.fromCompletionStage(builder.buildAsync());
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
