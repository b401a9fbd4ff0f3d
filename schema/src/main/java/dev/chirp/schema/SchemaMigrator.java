package dev.chirp.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.common.Migration;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.store.events.EventTopics;
import dev.chirp.store.graph.GraphSchema;
import dev.chirp.store.tweets.TweetSchema;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings every engine's schema up to date, from configuration ({@link SchemaConfig}): the one way the schema is
 * made, by {@link SchemaMain} (a container or job), {@code ./chirp up} and {@code ./chirp schema}, and the test
 * harness. Each store's schema comes from its own module as ordered, versioned migrations; a database records the
 * versions applied to it, gets only the newer ones, and is refused if it records a version this build does not
 * know. Blocking calls: it runs once, not inside a service. Every line of what it does goes to {@code out}.
 */
public final class SchemaMigrator {
  private SchemaMigrator() {
  }

  /** Cassandra, Neo4j, then Pulsar. */
  public static SchemaReport all(ChirpConfig config, Consumer<String> out) {
    MigrationResult tweets = cassandra(config, out);
    MigrationResult graph = neo4j(config, out);
    PulsarResult pulsar = pulsar(config, out);
    return new SchemaReport(tweets, graph, pulsar);
  }

  /** The tweet store's keyspace ({@code cassandra.keyspace}, created with {@code cassandra.replication}) and tables. */
  public static MigrationResult cassandra(ChirpConfig config, Consumer<String> out) {
    return cassandra(config, TweetSchema.STORE, TweetSchema.migrations(config.string("cassandra.keyspace")), out);
  }

  /** Any list of migrations for the configured keyspace, recorded under {@code store} in its schema_migrations. */
  public static MigrationResult cassandra(ChirpConfig config, String store, List<Migration> migrations, Consumer<String> out) {
    String keyspace = TweetSchema.checkKeyspace(config.string("cassandra.keyspace"));
    String replication = CassandraReplication.check(config.string("cassandra.replication"));
    Migrations.checkOrdered(store, migrations);
    try (CqlSession session = SchemaClients.cassandra(config)) {
      CassandraLedger ledger = CassandraLedger.open(session, keyspace, replication, out);
      return Migrations.apply(store, "keyspace " + keyspace, migrations, ledger, out);
    }
  }

  /** The follow graph's constraints. */
  public static MigrationResult neo4j(ChirpConfig config, Consumer<String> out) {
    return neo4j(config, GraphSchema.STORE, GraphSchema.migrations(), out);
  }

  /** Any list of migrations for Neo4j, recorded as {@code (:SchemaMigration {store: store, version})} nodes. */
  public static MigrationResult neo4j(ChirpConfig config, String store, List<Migration> migrations, Consumer<String> out) {
    Migrations.checkOrdered(store, migrations);
    try (Driver driver = SchemaClients.neo4j(config); Session session = driver.session()) {
      return Migrations.apply(store, config.string("neo4j.uri"), migrations, new Neo4jLedger(session), out);
    }
  }

  /**
   * Tenants (allowed on the clusters the broker reports), namespaces and topics: those of the events store's topic
   * list and the configured {@code pulsar.tweet-topic} and {@code pulsar.follow-topic}; then the fan-out worker's
   * subscription ({@code fanout.subscription}) on both of those, at the earliest message.
   */
  public static PulsarResult pulsar(ChirpConfig config, Consumer<String> out) {
    List<String> eventTopics = List.of(config.string("pulsar.tweet-topic"), config.string("pulsar.follow-topic"));
    Set<String> topics = new LinkedHashSet<>(EventTopics.all());
    topics.addAll(eventTopics);
    PulsarSetup.Plan plan = PulsarSetup.plan(new ArrayList<>(topics));
    return PulsarSetup.apply(SchemaClients.pulsarAdmin(config), plan, config.string("fanout.subscription"), eventTopics, out);
  }

  /** One {@code tenant/namespace}, its tenant first (the test harness's namespace for per-class topics). */
  public static PulsarResult pulsarNamespace(ChirpConfig config, String namespace, Consumer<String> out) {
    return PulsarSetup.namespace(SchemaClients.pulsarAdmin(config), namespace, out);
  }
}
