package dev.chirp.schema;

/** What a whole run did, engine by engine. */
public record SchemaReport(MigrationResult cassandra, MigrationResult neo4j, PulsarResult pulsar) {
  public String summary() {
    return cassandra.summary() + "; " + neo4j.summary() + "; " + pulsar.summary();
  }
}
