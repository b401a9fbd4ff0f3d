package dev.chirp.common;

import dev.chirp.common.schema.SchemaScripts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaScriptsTest {
  @Test
  void cassandraStatementsNameTheRequestedKeyspaceAndAreIdempotent() {
    assertThat(SchemaScripts.cassandra("t_abc")).isNotEmpty().allSatisfy(statement -> {
      assertThat(statement).doesNotContain("{{").doesNotStartWith("--");
      assertThat(statement).containsIgnoringCase("IF NOT EXISTS");
    });
    assertThat(SchemaScripts.cassandra("t_abc").get(0)).contains("KEYSPACE IF NOT EXISTS t_abc");
  }

  @Test
  void rejectsKeyspaceNamesThatCouldInjectCql() {
    assertThatThrownBy(() -> SchemaScripts.cassandra("x; DROP KEYSPACE chirp")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neo4jConstraintsAreIdempotent() {
    assertThat(SchemaScripts.neo4j()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(statement ->
        assertThat(statement).contains("IF NOT EXISTS"));
  }

  @Test
  void everyTopicTheServicesAreConfiguredWithIsCreatedByTheSchema() throws Exception {
    io.vertx.core.json.JsonObject defaults;
    try (var in = getClass().getClassLoader().getResourceAsStream(dev.chirp.common.config.ChirpConfig.COMMON_DEFAULTS)) {
      defaults = new io.vertx.core.json.JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(SchemaScripts.pulsarTopics()).contains(defaults.getString("pulsar.tweet-topic"), defaults.getString("pulsar.follow-topic"))
        .allSatisfy(topic -> assertThat(topic).matches("persistent://[a-z]+/[a-z]+/[a-z-]+"));
  }
}
