package dev.chirp.schema;

import dev.chirp.common.Migration;

/** Where a store's migrations run and which of them a database has recorded (one per engine). */
interface MigrationLedger {
  /** The highest version recorded for {@code store}; 0 when none is. */
  int appliedVersion(String store);

  /** Runs one statement of a migration. */
  void execute(String statement);

  /** Records {@code migration} as applied to {@code store}, once all its statements succeeded. */
  void record(String store, Migration migration);
}
