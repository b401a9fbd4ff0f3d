package dev.chirp.deploy;

import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.schema.SchemaConfig;
import dev.chirp.schema.SchemaMigrator;
import dev.chirp.schema.SchemaVersionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "schema", description = "Bring the running stack's schema up to date (new migrations, topics, the fan-out "
    + "subscription) without restarting it. The same program runs on its own as dev.chirp.schema.SchemaMain.")
final class SchemaCommand implements Callable<Integer> {
  @Mixin
  StackOptions stack;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    StackLayout layout = stack.layout();
    Optional<StackState> state = StackState.read(layout.stateFile());
    Optional<StackState.Component> cassandra = state.filter(s -> s.launcherRunning() && s.phase().equals(StackState.READY))
        .flatMap(s -> s.components().stream().filter(c -> c.name().equals("cassandra")).findFirst());
    if (cassandra.isEmpty()) {
      out.println("No running stack on " + layout.dataDir() + ". Start one with ./chirp up (it applies the schema itself).");
      return StatusCommand.EXIT_NOT_ALL_UP;
    }
    // Every port of a stack is its default plus one offset, which the CQL port gives away.
    PortPlan ports = new PortPlan(cassandra.get().port() - new PortPlan(0).port("cassandra.cql"));
    Endpoints endpoints = new Stack(new Stack.Options(layout, ports, EngineSettings.defaults(false), Duration.ZERO, null, Map.of()),
        new Progress(out)).endpoints();
    Instant begin = Instant.now();
    try {
      SchemaMigrator.all(SchemaConfig.defaults().with(Stack.schemaOverrides(endpoints)), line -> out.println("schema: " + line));
    } catch (SchemaVersionException e) {
      out.println("schema: REFUSED: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      out.println("schema: FAILED: " + e.getMessage());
      return 1;
    }
    out.println("schema: done in " + Duration.between(begin, Instant.now()).toMillis() + " ms");
    return 0;
  }
}
