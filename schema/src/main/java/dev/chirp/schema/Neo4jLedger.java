package dev.chirp.schema;

import dev.chirp.common.Migration;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import java.util.Map;

/**
 * Neo4j's record of applied migrations: one {@code (:SchemaMigration {store, version, description, applied_at})}
 * node per store and version. Each statement runs in a transaction of its own (Neo4j does not mix schema changes
 * and writes in one transaction).
 */
final class Neo4jLedger implements MigrationLedger {
  private final Session session;

  Neo4jLedger(Session session) {
    this.session = session;
  }

  @Override
  public int appliedVersion(String store) {
    Value version = session.run("MATCH (m:SchemaMigration {store: $store}) RETURN max(m.version) AS version",
        Map.of("store", store)).single().get("version");
    return version.isNull() ? 0 : version.asInt();
  }

  @Override
  public void execute(String statement) {
    session.run(statement).consume();
  }

  @Override
  public void record(String store, Migration migration) {
    session.run("MERGE (m:SchemaMigration {store: $store, version: $version}) "
            + "ON CREATE SET m.description = $description, m.applied_at = datetime()",
        Map.of("store", store, "version", migration.version(), "description", migration.description())).consume();
  }
}
