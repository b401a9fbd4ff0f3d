package dev.chirp.schema;

/**
 * The database records a schema version this build does not know: a newer Chirp migrated it. Nothing is applied,
 * since older code would not know what the newer steps changed.
 */
public final class SchemaVersionException extends IllegalStateException {
  private final String store;
  private final int recorded;
  private final int known;

  public SchemaVersionException(String store, int recorded, int known) {
    super("the database records version " + recorded + " of the " + store + " schema, but this build knows versions up to "
        + known + " only: a newer Chirp has migrated it. Refusing to change it; run the schema program of that newer version.");
    this.store = store;
    this.recorded = recorded;
    this.known = known;
  }

  public String store() {
    return store;
  }

  public int recorded() {
    return recorded;
  }

  public int known() {
    return known;
  }
}
