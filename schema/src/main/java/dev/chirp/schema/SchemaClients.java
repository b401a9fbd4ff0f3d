package dev.chirp.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.TlsTrust;
import dev.chirp.store.graph.Neo4jConnection;
import dev.chirp.store.tweets.CassandraConnection;
import org.neo4j.driver.Driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Every engine client the schema program opens, built from configuration here and nowhere else, with the keys the
 * services use: addresses, and the credentials each engine is given.
 */
public final class SchemaClients {
  private SchemaClients() {
  }

  /**
   * A session on no keyspace ({@code cassandra.contact-points}, {@code cassandra.local-datacenter}): the keyspace may
   * not exist yet. DDL gets 30 s; schema change events are debounced for 10 ms only (the default window costs about
   * a second per DDL statement).
   */
  public static CqlSession cassandra(ChirpConfig config) {
    DriverConfigLoader driverConfig = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10))
        .build();
    return CassandraConnection.builder(config).withConfigLoader(driverConfig).build();
  }

  /**
   * {@code neo4j.uri}, {@code neo4j.user}, {@code neo4j.password} or its file (empty: a server without auth, as on the
   * local stack), {@code neo4j.tls-ca-file}.
   */
  public static Driver neo4j(ChirpConfig config) {
    return Neo4jConnection.driver(config, Neo4jConnection.settings(config).withConnectionTimeout(10, TimeUnit.SECONDS));
  }

  /** {@code pulsar.admin-url}, with {@code pulsar.auth-token} (or its file) when set and {@code pulsar.tls-ca-file}'s CA. */
  public static PulsarAdminClient pulsarAdmin(ChirpConfig config) {
    String ca = config.string("pulsar.tls-ca-file");
    return new PulsarAdminClient(config.string("pulsar.admin-url"), Optional.of(config.secret("pulsar.auth-token")),
        ca.isEmpty() ? Optional.empty() : Optional.of(TlsTrust.trusting(Path.of(ca))));
  }
}
