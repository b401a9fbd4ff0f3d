package dev.chirp.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.common.Migration;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.schema.MigrationResult;
import dev.chirp.schema.PulsarAdminClient;
import dev.chirp.schema.PulsarResult;
import dev.chirp.schema.SchemaMigrator;
import dev.chirp.schema.SchemaVersionException;
import dev.chirp.store.graph.GraphSchema;
import dev.chirp.store.tweets.TweetSchema;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.json.JsonObject;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema program against the real engines: a second run changes nothing, a database at an older version gets
 * only the newer steps (and one at a newer version is refused), and Pulsar gets the fan-out worker's subscription
 * on both event topics, at the earliest message, in a tenant allowed on the clusters the broker reports.
 */
@ExtendWith(ChirpEngines.class)
class SchemaMigrationIT {
  private static final Pattern TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS \\S+\\.(\\w+)");

  @Test
  void theHarnessKeyspaceWasMadeByTheMigratorAndRecordsEachVersionOnce(TestEngines engines) {
    List<Migration> known = TweetSchema.migrations(engines.keyspace());
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), engines.keyspace())) {
      assertThat(versions(session, engines.keyspace(), TweetSchema.STORE))
          .containsExactlyElementsOf(known.stream().map(Migration::version).toList());
    }
  }

  @Test
  void applyingTwiceChangesNothingTheSecondTime(TestEngines engines) {
    String keyspace = engines.keyspace() + "_twice";
    ChirpConfig config = engines.schemaConfig().with(Map.of("cassandra.keyspace", keyspace));
    List<Migration> known = TweetSchema.migrations(keyspace);
    int newest = known.get(known.size() - 1).version();

    MigrationResult first = SchemaMigrator.cassandra(config, line -> { });
    assertThat(first.fromVersion()).isZero();
    assertThat(first.toVersion()).isEqualTo(newest);
    assertThat(first.applied()).containsExactlyElementsOf(known.stream().map(Migration::version).toList());
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), keyspace)) {
      Map<Integer, Instant> recorded = appliedAt(session, keyspace, TweetSchema.STORE);
      Set<String> expectedTables = TweetSchema.statements(keyspace).stream().map(TABLE::matcher).filter(Matcher::find)
          .map(m -> m.group(1)).collect(Collectors.toSet());
      expectedTables.add("schema_migrations");
      assertThat(tables(session, keyspace)).isEqualTo(expectedTables);

      List<String> printed = new ArrayList<>();
      MigrationResult second = SchemaMigrator.cassandra(config, printed::add);
      assertThat(second.applied()).isEmpty();
      assertThat(second.fromVersion()).isEqualTo(newest).isEqualTo(second.toVersion());
      assertThat(printed).anySatisfy(line -> assertThat(line).contains("up to date"));
      assertThat(appliedAt(session, keyspace, TweetSchema.STORE)).isEqualTo(recorded);
      assertThat(tables(session, keyspace)).isEqualTo(expectedTables);
    }

    // Neo4j: the stack's own run recorded the graph's versions; running again applies nothing and records nothing.
    ChirpConfig neo4j = engines.schemaConfig();
    MigrationResult graph = SchemaMigrator.neo4j(neo4j, line -> { });
    assertThat(graph.applied()).isEmpty();
    assertThat(graph.toVersion()).isEqualTo(GraphSchema.migrations().get(GraphSchema.migrations().size() - 1).version());
    try (Driver driver = Neo4jEngine.driver(engines.endpoints().neo4jUri()); Session session = driver.session()) {
      assertThat(graphVersions(session, GraphSchema.STORE))
          .containsExactlyElementsOf(GraphSchema.migrations().stream().map(Migration::version).toList());
    }
  }

  @Test
  void aKeyspaceAtAnOlderVersionGetsOnlyTheNewerStepsAndANewerOneIsRefused(TestEngines engines) {
    String keyspace = engines.keyspace() + "_older";
    ChirpConfig config = engines.schemaConfig().with(Map.of("cassandra.keyspace", keyspace));
    List<Migration> all = withOneMoreStep(TweetSchema.migrations(keyspace),
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_it_extra (id int PRIMARY KEY)");
    List<Migration> older = all.subList(0, all.size() - 1);
    Migration newest = all.get(all.size() - 1);

    assertThat(SchemaMigrator.cassandra(config, TweetSchema.STORE, older, line -> { }).toVersion())
        .isEqualTo(older.get(older.size() - 1).version());
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), keyspace)) {
      assertThat(tables(session, keyspace)).doesNotContain("schema_it_extra");
      Map<Integer, Instant> before = appliedAt(session, keyspace, TweetSchema.STORE);

      MigrationResult upgrade = SchemaMigrator.cassandra(config, TweetSchema.STORE, all, line -> { });
      assertThat(upgrade.applied()).containsExactly(newest.version());
      assertThat(upgrade.fromVersion()).isEqualTo(older.get(older.size() - 1).version());
      assertThat(tables(session, keyspace)).contains("schema_it_extra");
      Map<Integer, Instant> after = appliedAt(session, keyspace, TweetSchema.STORE);
      assertThat(after).containsAllEntriesOf(before).containsKey(newest.version()).hasSize(before.size() + 1);

      // The older code meets a keyspace at a version it does not know: refused, nothing touched.
      assertThatThrownBy(() -> SchemaMigrator.cassandra(config, TweetSchema.STORE, older, line -> { }))
          .isInstanceOf(SchemaVersionException.class).hasMessageContaining("version " + newest.version());
      assertThat(appliedAt(session, keyspace, TweetSchema.STORE)).isEqualTo(after);
    }
  }

  @Test
  void aGraphAtAnOlderVersionGetsOnlyTheNewerSteps(TestEngines engines) {
    // A store name of this class's own, so the shared database's real record stays as it is.
    String store = "graph_" + engines.scope();
    String label = "SchemaIt_" + engines.scope();
    List<Migration> all = withOneMoreStep(GraphSchema.migrations(), "MERGE (:" + label + " {id: 1})");
    List<Migration> older = all.subList(0, all.size() - 1);
    ChirpConfig config = engines.schemaConfig();
    try (Driver driver = Neo4jEngine.driver(engines.endpoints().neo4jUri()); Session session = driver.session()) {
      try {
        MigrationResult first = SchemaMigrator.neo4j(config, store, older, line -> { });
        assertThat(first.applied()).containsExactlyElementsOf(older.stream().map(Migration::version).toList());
        assertThat(count(session, "MATCH (n:" + label + ") RETURN count(n)")).isZero();

        MigrationResult upgrade = SchemaMigrator.neo4j(config, store, all, line -> { });
        assertThat(upgrade.applied()).containsExactly(all.get(all.size() - 1).version());
        assertThat(count(session, "MATCH (n:" + label + ") RETURN count(n)")).isEqualTo(1);
        assertThat(SchemaMigrator.neo4j(config, store, all, line -> { }).applied()).isEmpty();
        assertThat(graphVersions(session, store)).containsExactlyElementsOf(all.stream().map(Migration::version).toList());

        assertThatThrownBy(() -> SchemaMigrator.neo4j(config, store, older, line -> { })).isInstanceOf(SchemaVersionException.class);
      } finally {
        session.run("MATCH (n:" + label + ") DELETE n").consume();
        session.run("MATCH (m:SchemaMigration {store: $store}) DELETE m", Map.of("store", store)).consume();
      }
    }
  }

  @Test
  void pulsarGetsTheFanoutSubscriptionOnBothTopicsFromTheEarliestMessageInATenantOnTheBrokersClusters(TestEngines engines)
      throws Exception {
    String tenant = "it-" + engines.scope().replace('_', '-');
    String tweets = "persistent://" + tenant + "/events/tweets";
    String follows = "persistent://" + tenant + "/events/follows";
    ChirpConfig config = engines.schemaConfig().with(Map.of("pulsar.tweet-topic", tweets, "pulsar.follow-topic", follows,
        "fanout.subscription", "schema-it"));
    PulsarAdminClient admin = new PulsarAdminClient(engines.endpoints().pulsarAdminUrl(), Optional.empty());

    // An event published before the subscription exists: created at the earliest message, the subscription has it.
    SchemaMigrator.pulsarNamespace(config, tenant + "/events", line -> { });
    admin.create("/admin/v2/persistent/" + tenant + "/events/tweets", null, "topic");
    try (PulsarClient client = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
         Producer<byte[]> producer = client.newProducer(Schema.BYTES).topic(tweets).enableBatching(false).create()) {
      producer.send(new byte[] {1});
    }

    PulsarResult first = SchemaMigrator.pulsar(config, line -> { });
    assertThat(first.created()).anySatisfy(step -> assertThat(step).contains("subscription schema-it on " + tweets))
        .anySatisfy(step -> assertThat(step).contains("subscription schema-it on " + follows))
        .anySatisfy(step -> assertThat(step).contains("topic " + follows));
    JsonObject tweetSubscription = admin.getObject("/admin/v2/persistent/" + tenant + "/events/tweets/stats")
        .getJsonObject("subscriptions").getJsonObject("schema-it");
    JsonObject followSubscription = admin.getObject("/admin/v2/persistent/" + tenant + "/events/follows/stats")
        .getJsonObject("subscriptions").getJsonObject("schema-it");
    assertThat(tweetSubscription).isNotNull();
    assertThat(tweetSubscription.getLong("msgBacklog")).isEqualTo(1L);
    assertThat(followSubscription).isNotNull();
    assertThat(followSubscription.getLong("msgBacklog")).isZero();

    // The tenant is allowed on exactly the clusters the broker reports.
    List<String> clusters = admin.clusters();
    assertThat(clusters).isNotEmpty();
    assertThat(first.allowedClusters()).containsExactlyElementsOf(clusters);
    assertThat(admin.getObject("/admin/v2/tenants/" + tenant).getJsonArray("allowedClusters").getList())
        .containsExactlyInAnyOrderElementsOf(clusters);

    // Again: everything is there already, nothing is created, the subscription keeps its position.
    PulsarResult second = SchemaMigrator.pulsar(config, line -> { });
    assertThat(second.created()).isEmpty();
    assertThat(second.existing()).hasSize(first.created().size() + first.existing().size());
    assertThat(admin.getObject("/admin/v2/persistent/" + tenant + "/events/tweets/stats").getJsonObject("subscriptions")
        .getJsonObject("schema-it").getLong("msgBacklog")).isEqualTo(1L);
  }

  /** The list with a fake next version, so the test needs no second real migration. */
  private static List<Migration> withOneMoreStep(List<Migration> real, String statement) {
    List<Migration> all = new ArrayList<>(real);
    all.add(new Migration(real.get(real.size() - 1).version() + 1, "schema it extra", List.of(statement)));
    return all;
  }

  private static List<Integer> versions(CqlSession session, String keyspace, String store) {
    return session.execute("SELECT version FROM " + keyspace + ".schema_migrations WHERE store = ?", store).all().stream()
        .map(r -> r.getInt("version")).toList();
  }

  private static Map<Integer, Instant> appliedAt(CqlSession session, String keyspace, String store) {
    Map<Integer, Instant> applied = new HashMap<>();
    for (Row row : session.execute("SELECT version, applied_at FROM " + keyspace + ".schema_migrations WHERE store = ?", store)) {
      assertThat(applied.put(row.getInt("version"), row.getInstant("applied_at"))).isNull();
    }
    return applied;
  }

  private static Set<String> tables(CqlSession session, String keyspace) {
    return session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace).all().stream()
        .map(r -> r.getString("table_name")).collect(Collectors.toSet());
  }

  private static List<Integer> graphVersions(Session session, String store) {
    return session.run("MATCH (m:SchemaMigration {store: $store}) RETURN m.version AS version ORDER BY version",
        Map.of("store", store)).list(r -> r.get("version").asInt());
  }

  private static long count(Session session, String query) {
    return session.run(query).single().get(0).asLong();
  }
}
