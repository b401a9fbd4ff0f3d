package dev.chirp.schema;

import java.util.List;

/** What applying one store's migrations did: the version recorded before and after, and the versions applied. */
public record MigrationResult(String store, String where, int fromVersion, int toVersion, List<Integer> applied) {
  public MigrationResult {
    applied = List.copyOf(applied);
  }

  public String summary() {
    return store + " (" + where + ") " + (applied.isEmpty() ? "at version " + toVersion + ", up to date"
        : "version " + fromVersion + " -> " + toVersion);
  }
}
