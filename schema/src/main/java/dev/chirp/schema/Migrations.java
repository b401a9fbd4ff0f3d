package dev.chirp.schema;

import dev.chirp.common.Migration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The versioning rule, free of any engine: apply only versions above the highest recorded, in order, recording each. */
final class Migrations {
  private Migrations() {
  }

  /** Versions must rise strictly: that order is the order they are applied in. */
  static void checkOrdered(String store, List<Migration> known) {
    for (int i = 1; i < known.size(); i++) {
      if (known.get(i).version() <= known.get(i - 1).version()) {
        throw new IllegalArgumentException("the " + store + " migrations are not in ascending order: version "
            + known.get(i).version() + " follows version " + known.get(i - 1).version());
      }
    }
  }

  static int newest(List<Migration> known) {
    return known.isEmpty() ? 0 : known.get(known.size() - 1).version();
  }

  /**
   * The migrations a database at version {@code recorded} still needs, in order. Refuses a database at a version
   * this code does not know.
   */
  static List<Migration> pending(String store, List<Migration> known, int recorded) {
    checkOrdered(store, known);
    if (recorded > newest(known)) throw new SchemaVersionException(store, recorded, newest(known));
    return known.stream().filter(m -> m.version() > recorded).toList();
  }

  /**
   * Applies what is pending, one migration at a time: its statements in order, then its record. A failing statement
   * stops everything; the migrations before it stay recorded, it does not, so a later run starts again with it.
   */
  static MigrationResult apply(String store, String where, List<Migration> known, MigrationLedger ledger, Consumer<String> out) {
    int from = ledger.appliedVersion(store);
    List<Migration> pending = pending(store, known, from);
    List<Integer> applied = new ArrayList<>();
    if (pending.isEmpty()) out.accept(store + " (" + where + "): at version " + from + ", up to date");
    for (Migration migration : pending) {
      int index = 0;
      for (String statement : migration.statements()) {
        index++;
        try {
          ledger.execute(statement);
        } catch (RuntimeException e) {
          throw new IllegalStateException(store + " (" + where + "): " + migration.label() + " failed at statement " + index
              + " of " + migration.statements().size() + " (" + firstLine(statement) + "): " + e.getMessage()
              + (applied.isEmpty() ? "" : "; versions " + applied + " were applied and recorded"), e);
        }
      }
      ledger.record(store, migration);
      applied.add(migration.version());
      out.accept(store + " (" + where + "): applied " + migration.label() + " (" + migration.statements().size() + " statements)");
    }
    return new MigrationResult(store, where, from, pending.isEmpty() ? from : newest(pending), applied);
  }

  private static String firstLine(String statement) {
    String line = statement.lines().findFirst().orElse("");
    return line.length() > 80 ? line.substring(0, 80) + "…" : line;
  }
}
