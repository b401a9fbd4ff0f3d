package dev.chirp.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each engine, through the driver the services use, writes and reads back on the shared test stack. */
@ExtendWith(ChirpEngines.class)
class EngineDriversIT {

  @Test
  void cassandraStoresAndReturnsARow(TestEngines engines) {
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), engines.keyspace())) {
      session.execute("CREATE TABLE IF NOT EXISTS probe (id bigint PRIMARY KEY, text text)");
      PreparedStatement insert = session.prepare("INSERT INTO probe (id, text) VALUES (?, ?)");
      session.execute(insert.bind(42L, "hello from the test"));
      Row row = session.execute(session.prepare("SELECT text FROM probe WHERE id = ?").bind(42L)).one();
      assertThat(row).isNotNull();
      assertThat(row.getString("text")).isEqualTo("hello from the test");
      assertThat(session.execute(session.prepare("SELECT text FROM probe WHERE id = ?").bind(43L)).one()).isNull();
    }
  }

  @Test
  void theTestKeyspaceIsThisClassesOwn(TestEngines engines) {
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), null)) {
      assertThat(engines.keyspace()).startsWith("t_enginedriversit_");
      Row keyspace = session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
          engines.keyspace()).one();
      assertThat(keyspace).isNotNull();
    }
  }

  @Test
  void neo4jMergesAndMatchesOverBolt(TestEngines engines) {
    try (Driver driver = Neo4jEngine.driver(engines.endpoints().neo4jUri()); Session session = driver.session()) {
      for (int i = 0; i < 2; i++) {
        session.run("MERGE (a:Probe {scope: $scope, name: 'a'}) MERGE (b:Probe {scope: $scope, name: 'b'}) "
            + "MERGE (a)-[:FOLLOWS]->(b)", Map.of("scope", engines.scope())).consume();
      }
      List<Record> rows = session.run("MATCH (a:Probe {scope: $scope})-[f:FOLLOWS]->(b:Probe) RETURN a.name AS a, b.name AS b",
          Map.of("scope", engines.scope())).list();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("a").asString()).isEqualTo("a");
      assertThat(rows.get(0).get("b").asString()).isEqualTo("b");
    }
  }

  @Test
  void neo4jHasTheUserConstraintsFromTheSchema(TestEngines engines) {
    try (Driver driver = Neo4jEngine.driver(engines.endpoints().neo4jUri()); Session session = driver.session()) {
      Set<String> names = new HashSet<>(session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get("name").asString()));
      assertThat(names).contains("user_id", "user_handle_key");
    }
  }

  @Test
  void pulsarDeliversByKeyToAKeySharedConsumerWhichAcks(TestEngines engines) throws Exception {
    String topic = engines.topic("probe");
    try (PulsarClient client = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build()) {
      Consumer<String> consumer = client.newConsumer(Schema.STRING).topic(topic).subscriptionName("probe")
          .subscriptionType(SubscriptionType.Key_Shared).subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
          .subscribe();
      try (Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
        producer.newMessage().key("author-1").value("first").send();
        producer.newMessage().key("author-1").value("second").send();
      }
      Message<String> first = consumer.receive(30, TimeUnit.SECONDS);
      Message<String> second = consumer.receive(30, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(List.of(first.getValue(), second.getValue())).containsExactly("first", "second");
      assertThat(first.getKey()).isEqualTo("author-1");
      consumer.acknowledge(first);
      consumer.acknowledge(second);
      consumer.close();

      // Acknowledged messages are not delivered again to the same subscription.
      try (Consumer<String> again = client.newConsumer(Schema.STRING).topic(topic).subscriptionName("probe")
          .subscriptionType(SubscriptionType.Key_Shared).subscribe()) {
        assertThat(again.receive(2, TimeUnit.SECONDS)).isNull();
      }
    }
  }

  @Test
  void redisKeepsAListInOrder(TestEngines engines) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, engines.endpoints().redisUri()));
      String key = engines.redisPrefix() + "list";
      await(redis.lpush(List.of(key, "1", "2", "3")));
      Response range = await(redis.lrange(key, "0", "-1"));
      assertThat(range.stream().map(Response::toString).toList()).containsExactly("3", "2", "1");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
