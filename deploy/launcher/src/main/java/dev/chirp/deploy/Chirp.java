package dev.chirp.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./chirp}: the local stack of real engines (and the services that exist) on one machine. */
@Command(name = "chirp", mixinStandardHelpOptions = true, version = "chirp 0.1.0",
    description = "Runs Chirp locally: Cassandra, Neo4j, Pulsar and Redis as child processes, then the services.",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, SchemaCommand.class,
        ComponentSignals.Restart.class, ComponentSignals.Kill.class, ComponentSignals.Pause.class})
public final class Chirp {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Chirp()).execute(args));
  }
}
