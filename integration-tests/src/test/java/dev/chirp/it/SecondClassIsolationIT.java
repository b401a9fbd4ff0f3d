package dev.chirp.it;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A second class on the same shared engines gets names of its own and sees an empty keyspace. */
@ExtendWith(ChirpEngines.class)
class SecondClassIsolationIT {

  @Test
  void getsItsOwnEmptyKeyspaceAndPrefixes(TestEngines engines) {
    assertThat(engines.keyspace()).startsWith("t_secondclassisolationit_");
    assertThat(engines.redisPrefix()).startsWith("secondclassisolationit_");
    assertThat(engines.topic("x")).startsWith("persistent://chirp/test/secondclassisolationit_");
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), engines.keyspace())) {
      long tables = session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", engines.keyspace())
          .all().stream().filter(r -> r.getString("table_name").equals("probe")).count();
      assertThat(tables).isZero();
    }
  }
}
