package dev.chirp.it;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.store.events.PulsarConnection;
import dev.chirp.store.graph.GraphSchema;
import dev.chirp.store.graph.Neo4jConnection;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Session;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each store module's connection, opened from a service's configuration the way its wiring opens it, reaches the real
 * engine of the shared test stack and answers its readiness probe; the schema the stack installed is there.
 */
@ExtendWith(ChirpEngines.class)
class EngineConnectionsIT {
  private static final Pattern CONSTRAINT = Pattern.compile("CREATE CONSTRAINT (\\w+)");
  private static Vertx vertx;
  private static ChirpConfig config;

  @BeforeAll
  static void config(TestEngines engines) throws Exception {
    vertx = Vertx.vertx();
    config = await(engines.config(vertx, "fanout-worker.json"));
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void cassandraConnectsToTheConfiguredKeyspace(TestEngines engines) throws Exception {
    CassandraConnection cassandra = CassandraConnection.open(vertx, config);
    try {
      await(cassandra.probe());
      assertThat(await(cassandra.session()).getKeyspace()).hasValueSatisfying(k -> assertThat(k.asInternal()).isEqualTo(engines.keyspace()));
    } finally {
      await(cassandra.close());
    }
  }

  @Test
  void neo4jConnectsAndHoldsTheGraphSchemasConstraints() throws Exception {
    Neo4jConnection neo4j = Neo4jConnection.open(config);
    try (Session session = neo4j.driver().session()) {
      await(neo4j.probe());
      Set<String> expected = new HashSet<>();
      for (String statement : GraphSchema.statements()) {
        Matcher name = CONSTRAINT.matcher(statement);
        if (name.find()) expected.add(name.group(1));
      }
      assertThat(expected).isNotEmpty();
      assertThat(session.run("SHOW CONSTRAINTS YIELD name RETURN name").list(r -> r.get("name").asString())).containsAll(expected);
    } finally {
      await(neo4j.close());
    }
  }

  @Test
  void pulsarAndRedisAnswerTheirProbes() throws Exception {
    PulsarConnection pulsar = PulsarConnection.open(config);
    RedisConnection redis = RedisConnection.open(vertx, config);
    try {
      await(pulsar.probe());
      await(redis.probe());
    } finally {
      await(pulsar.close());
      await(redis.close());
    }
  }

  @Test
  void aProbeOfAnEngineThatIsNotThereFails() throws Exception {
    RedisConnection nowhere = RedisConnection.open(vertx, config.with(java.util.Map.of("redis.uri",
        "redis://127.0.0.1:" + TestEngines.freePort())));
    try {
      Future<?> probe = nowhere.probe();
      assertThat(probe.toCompletionStage().toCompletableFuture().handle((ok, error) -> error).get(10, TimeUnit.SECONDS)).isNotNull();
    } finally {
      await(nowhere.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
