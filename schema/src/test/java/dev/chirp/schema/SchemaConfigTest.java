package dev.chirp.schema;

import dev.chirp.common.config.ChirpConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaConfigTest {
  @Test
  void holdsTheCommonKeysAndItsOwn() {
    ChirpConfig config = SchemaConfig.defaults();
    assertThat(config.string("cassandra.keyspace")).isEqualTo("chirp");
    assertThat(config.string("pulsar.admin-url")).startsWith("http://");
    assertThat(config.string("fanout.subscription")).isEqualTo("fanout-worker");
    assertThat(config.string("cassandra.replication")).contains("SimpleStrategy");
  }

  @Test
  void isPointedElsewhereLikeAnyConfiguration() {
    ChirpConfig config = SchemaConfig.defaults().with(Map.of("cassandra.replication", "{'class': 'NetworkTopologyStrategy', 'dc1': 3}"));
    assertThat(CassandraReplication.check(config.string("cassandra.replication"))).contains("dc1");
  }
}
