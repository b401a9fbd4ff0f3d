package dev.chirp.store.tweets;

import dev.chirp.common.Migration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TweetSchemaTest {
  @Test
  void statementsNameTheRequestedKeyspaceAndAreIdempotent() {
    assertThat(TweetSchema.statements("t_abc")).isNotEmpty().allSatisfy(statement -> {
      assertThat(statement).doesNotContain("{{").doesNotStartWith("--");
      assertThat(statement).containsIgnoringCase("IF NOT EXISTS").contains(" t_abc.");
    });
    assertThat(TweetSchema.statements("t_abc").get(0)).startsWith("CREATE TABLE IF NOT EXISTS t_abc.tweets");
  }

  @Test
  void migrationsAreNumberedFromOneInOrderAndLeaveTheKeyspaceToTheSchemaProgram() {
    List<Migration> migrations = TweetSchema.migrations("t_abc");
    assertThat(migrations.get(0).version()).isEqualTo(1);
    assertThat(migrations.get(0).description()).isEqualTo("tables");
    for (int i = 1; i < migrations.size(); i++) {
      assertThat(migrations.get(i).version()).isGreaterThan(migrations.get(i - 1).version());
    }
    // The keyspace is created with the configured replication before any migration runs.
    assertThat(TweetSchema.statements("t_abc")).noneMatch(s -> s.toUpperCase().contains("KEYSPACE"));
    assertThat(TweetSchema.statements("t_abc")).noneMatch(s -> s.contains("schema_migrations"));
  }

  @Test
  void rejectsKeyspaceNamesThatCouldInjectCql() {
    assertThatThrownBy(() -> TweetSchema.statements("x; DROP KEYSPACE chirp")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TweetSchema.checkKeyspace("Chirp")).isInstanceOf(IllegalArgumentException.class);
    assertThat(TweetSchema.checkKeyspace("chirp")).isEqualTo("chirp");
  }
}
