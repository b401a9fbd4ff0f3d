package dev.chirp.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourcesTest {
  @Test
  void splitsStatementsAtSemicolonsAndDropsCommentLines() {
    String script = "-- a comment; with a semicolon\nCREATE TABLE a (x int);\n\n  -- another\nCREATE TABLE b\n  (y int);\n";
    assertThat(Resources.statements(script, "--")).containsExactly("CREATE TABLE a (x int)", "CREATE TABLE b\n  (y int)");
  }

  @Test
  void aMissingResourceIsAnError() {
    assertThatThrownBy(() -> Resources.read("no/such/file.txt")).hasMessageContaining("no/such/file.txt");
  }
}
