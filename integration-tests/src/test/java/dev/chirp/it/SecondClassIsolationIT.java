package dev.chirp.it;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.store.tweets.TweetSchema;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test class on the shared engines gets names of its own, and its keyspace holds the whole tweet-store schema and
 * nothing written by another class.
 */
@ExtendWith(ChirpEngines.class)
class SecondClassIsolationIT {
  private static final Pattern TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS \\S+\\.(\\w+)");

  @Test
  void getsItsOwnKeyspaceWithTheFullSchemaAndNoOneElsesRows(TestEngines engines) {
    assertThat(engines.keyspace()).startsWith("t_secondclassisolationit_");
    assertThat(engines.redisPrefix()).startsWith("secondclassisolationit_");
    assertThat(engines.topic("x")).startsWith("persistent://chirp/test/secondclassisolationit_");
    Set<String> schemaTables = TweetSchema.statements(engines.keyspace()).stream().map(TABLE::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).collect(Collectors.toCollection(java.util.HashSet::new));
    try (CqlSession session = CassandraEngine.session(engines.endpoints().cassandraPort(), engines.keyspace())) {
      Set<String> tables = session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", engines.keyspace())
          .all().stream().map(r -> r.getString("table_name")).collect(Collectors.toSet());
      assertThat(schemaTables).contains("tweets", "user_tweets", "unpublished_events");
      schemaTables.add("schema_migrations");
      assertThat(tables).isEqualTo(schemaTables);
      assertThat(session.execute("SELECT count(*) FROM tweets").one().getLong(0)).isZero();
    }
  }
}
