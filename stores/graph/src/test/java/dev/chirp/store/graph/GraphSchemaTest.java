package dev.chirp.store.graph;

import dev.chirp.common.Migration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSchemaTest {
  @Test
  void constraintsAreIdempotentAndCoverIdsAndCaseInsensitiveHandles() {
    assertThat(GraphSchema.statements()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(statement ->
        assertThat(statement).doesNotStartWith("//"));
    // Schema statements are idempotent by IF NOT EXISTS (data statements by their own WHERE).
    assertThat(GraphSchema.statements()).filteredOn(statement -> statement.startsWith("CREATE"))
        .allSatisfy(statement -> assertThat(statement).contains("IF NOT EXISTS"));
    assertThat(String.join("\n", GraphSchema.statements())).contains("u.id IS UNIQUE", "u.handle_key IS UNIQUE");
  }

  @Test
  void migrationsAreNumberedFromOneInOrder() {
    List<Migration> migrations = GraphSchema.migrations();
    assertThat(migrations.get(0).version()).isEqualTo(1);
    assertThat(migrations.get(0).description()).isEqualTo("constraints");
    for (int i = 1; i < migrations.size(); i++) {
      assertThat(migrations.get(i).version()).isGreaterThan(migrations.get(i - 1).version());
    }
  }

  @Test
  void handlesAreUniqueInTheirLowerCaseForm() {
    assertThat(FollowGraphReader.handleKey("Alice_01")).isEqualTo(FollowGraphReader.handleKey("aLICE_01")).isEqualTo("alice_01");
  }
}
