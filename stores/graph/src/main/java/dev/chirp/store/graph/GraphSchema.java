package dev.chirp.store.graph;

import dev.chirp.common.Resources;

import java.util.List;

/** The follow graph's constraints ({@code schema/neo4j.cypher}) as idempotent statements. */
public final class GraphSchema {
  private GraphSchema() {
  }

  public static List<String> statements() {
    return Resources.statements(Resources.read("schema/neo4j.cypher"), "//");
  }
}
