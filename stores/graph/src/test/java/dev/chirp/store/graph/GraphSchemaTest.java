package dev.chirp.store.graph;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSchemaTest {
  @Test
  void constraintsAreIdempotentAndCoverIdsAndCaseInsensitiveHandles() {
    assertThat(GraphSchema.statements()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(statement ->
        assertThat(statement).contains("IF NOT EXISTS"));
    assertThat(String.join("\n", GraphSchema.statements())).contains("u.id IS UNIQUE", "u.handle_key IS UNIQUE");
  }

  @Test
  void handlesAreUniqueInTheirLowerCaseForm() {
    assertThat(FollowGraphReader.handleKey("Alice_01")).isEqualTo(FollowGraphReader.handleKey("aLICE_01")).isEqualTo("alice_01");
  }
}
