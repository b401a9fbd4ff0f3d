package dev.chirp.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraReplicationTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{'class': 'SimpleStrategy', 'replication_factor': 1}",
      "{'class':'SimpleStrategy','replication_factor':'3'}",
      "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'us-east-1': 2}",
      "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '3/1'}",
      "  { 'class' : 'NetworkTopologyStrategy' , 'dc1' : 3 }  "})
  void acceptsCqlReplicationMaps(String map) {
    assertThat(CassandraReplication.check(map)).isEqualTo(map.strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "SimpleStrategy",
      "{}",
      "{'replication_factor': 1}",
      "{'class': 'SimpleStrategy', 'replication_factor': 1}; DROP KEYSPACE chirp",
      "{'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = false",
      "{'class': 'Simple'Strategy', 'replication_factor': 1}",
      "{'class': 'SimpleStrategy', 'replication_factor': 1, }",
      "{'class': 'SimpleStrategy' 'replication_factor': 1}",
      "{'class': 'SimpleStrategy', 'replication_factor': one}",
      "{'class': 'SimpleStrategy', 'class': 'NetworkTopologyStrategy'}",
      "{\"class\": \"SimpleStrategy\", \"replication_factor\": 1}",
      "{'class': 'SimpleStrategy', 'replication_factor': 1}}"})
  void refusesAnythingElse(String value) {
    assertThatThrownBy(() -> CassandraReplication.check(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cassandra.replication");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> CassandraReplication.check(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultIsValid() {
    assertThat(CassandraReplication.check(SchemaConfig.defaults().string("cassandra.replication")))
        .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
  }
}
