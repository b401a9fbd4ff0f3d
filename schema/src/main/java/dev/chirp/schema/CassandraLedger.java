package dev.chirp.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.chirp.common.Migration;

import java.util.function.Consumer;

/**
 * A keyspace and its record of applied migrations, {@code <keyspace>.schema_migrations}: one row per store and
 * version. The record is read and written at QUORUM, so any node answers what the last run wrote.
 */
final class CassandraLedger implements MigrationLedger {
  private final CqlSession session;
  private final String keyspace;

  private CassandraLedger(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /**
   * Creates the keyspace (with {@code replication}, which applies only to a new keyspace) and the record table if
   * they are missing. Both names were checked by the caller.
   */
  static CassandraLedger open(CqlSession session, String keyspace, String replication, Consumer<String> out) {
    Row existing = session.execute(SimpleStatement.newInstance(
        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace)).one();
    if (existing == null) {
      session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
      out.accept("cassandra: keyspace " + keyspace + " created, replication " + replication);
    } else {
      out.accept("cassandra: keyspace " + keyspace + " exists, replication " + existing.getMap(0, String.class, String.class)
          + " (cassandra.replication applies only to a new keyspace)");
    }
    session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_migrations (store text, version int, "
        + "description text, applied_at timestamp, PRIMARY KEY (store, version))");
    return new CassandraLedger(session, keyspace);
  }

  @Override
  public int appliedVersion(String store) {
    Row row = session.execute(SimpleStatement.newInstance("SELECT max(version) FROM " + keyspace + ".schema_migrations WHERE store = ?",
        store).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one();
    return row == null || row.isNull(0) ? 0 : row.getInt(0);
  }

  @Override
  public void execute(String statement) {
    session.execute(statement);
  }

  @Override
  public void record(String store, Migration migration) {
    session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".schema_migrations (store, version, description, "
            + "applied_at) VALUES (?, ?, ?, toTimestamp(now()))", store, migration.version(), migration.description())
        .setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
  }
}
