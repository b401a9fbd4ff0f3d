package dev.chirp.store.tweets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TweetSchemaTest {
  @Test
  void statementsNameTheRequestedKeyspaceAndAreIdempotent() {
    assertThat(TweetSchema.statements("t_abc")).isNotEmpty().allSatisfy(statement -> {
      assertThat(statement).doesNotContain("{{").doesNotStartWith("--");
      assertThat(statement).containsIgnoringCase("IF NOT EXISTS");
    });
    assertThat(TweetSchema.statements("t_abc").get(0)).contains("KEYSPACE IF NOT EXISTS t_abc");
  }

  @Test
  void rejectsKeyspaceNamesThatCouldInjectCql() {
    assertThatThrownBy(() -> TweetSchema.statements("x; DROP KEYSPACE chirp")).isInstanceOf(IllegalArgumentException.class);
  }
}
