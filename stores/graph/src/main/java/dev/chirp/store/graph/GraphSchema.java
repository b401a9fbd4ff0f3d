package dev.chirp.store.graph;

import dev.chirp.common.Migration;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The follow graph's schema as ordered, versioned migrations ({@code schema/neo4j/V<n>__*.cypher}). The schema
 * program ({@code dev.chirp.schema}) applies the versions the database has not recorded yet.
 */
public final class GraphSchema {
  /** The name under which this store's applied versions are recorded. */
  public static final String STORE = "graph";

  /** Oldest first. To change the schema, add the next file here; never edit one that may have been applied. */
  private static final List<String> SCRIPTS = List.of(
      "schema/neo4j/V001__constraints.cypher",
      "schema/neo4j/V002__pending_change_indexes.cypher");

  private GraphSchema() {
  }

  /** Every version, oldest first. */
  public static List<Migration> migrations() {
    return SCRIPTS.stream().map(script -> Migration.fromResource(script, "//", UnaryOperator.identity())).toList();
  }

  /** The statements of every version, in order: what an up-to-date database holds. */
  public static List<String> statements() {
    return migrations().stream().flatMap(m -> m.statements().stream()).toList();
  }
}
