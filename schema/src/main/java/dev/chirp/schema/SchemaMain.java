package dev.chirp.schema;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The schema as a program of its own, for any environment (a container, a Kubernetes Job): reads the configuration
 * as the services do ({@code CHIRP_*} variables, {@code -Dchirp.*}), brings every engine's schema up to date,
 * prints what it did and exits 0, or 1 on the first failure (nothing after it is attempted; running it again
 * is safe).
 */
@Command(name = "chirp-schema", mixinStandardHelpOptions = true, version = "chirp-schema 0.1.0",
    description = {"Creates or migrates Chirp's schema: the Cassandra keyspace and tables, the Neo4j constraints, and the "
        + "Pulsar tenant, namespaces, topics and the fan-out worker's subscription. Idempotent; configured like the "
        + "services (CHIRP_CASSANDRA_CONTACT_POINTS, CHIRP_NEO4J_URI, CHIRP_PULSAR_ADMIN_URL, CHIRP_CASSANDRA_REPLICATION, …)."})
public final class SchemaMain implements Callable<Integer> {
  /** The engines one run may be limited to. */
  public enum Engine { cassandra, neo4j, pulsar }

  @Option(names = "--only", split = ",", paramLabel = "ENGINE",
      description = "Only these engines (comma-separated): ${COMPLETION-CANDIDATES}. Default: all, in that order.")
  Set<Engine> only;

  private final PrintStream out;
  private final PrintStream err;

  public SchemaMain() {
    this(System.out, System.err);
  }

  SchemaMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // The drivers log through slf4j-simple: warnings and errors only, unless asked otherwise.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(new CommandLine(new SchemaMain()).execute(args));
  }

  @Override
  public Integer call() {
    Instant begin = Instant.now();
    try {
      ChirpConfig config = loadConfig();
      Set<Engine> engines = only == null || only.isEmpty() ? EnumSet.allOf(Engine.class) : EnumSet.copyOf(only);
      out.println("schema: cassandra " + config.string("cassandra.contact-points") + " (" + config.string("cassandra.local-datacenter")
          + "), keyspace " + config.string("cassandra.keyspace") + "; neo4j " + config.string("neo4j.uri") + "; pulsar admin "
          + config.string("pulsar.admin-url"));
      if (engines.contains(Engine.cassandra)) SchemaMigrator.cassandra(config, this::print);
      if (engines.contains(Engine.neo4j)) SchemaMigrator.neo4j(config, this::print);
      if (engines.contains(Engine.pulsar)) SchemaMigrator.pulsar(config, this::print);
      out.println("schema: done in " + Duration.between(begin, Instant.now()).toMillis() + " ms");
      return 0;
    } catch (SchemaVersionException e) {
      err.println("schema: REFUSED: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("schema: FAILED: " + e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
      return 1;
    }
  }

  private void print(String line) {
    out.println("schema: " + line);
  }

  private static ChirpConfig loadConfig() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return SchemaConfig.load(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
