package dev.chirp.deploy;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every subcommand shares: which data directory (and so which stack) it is about. */
public final class StackOptions {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the stack keeps all its data, logs and keys (default: $CHIRP_DATA_DIR, else .chirp in the repository).")
  Path dataDir;

  /** The repository root (./chirp exports it), where the service modules are built. */
  public Path projectHome() {
    return Path.of(System.getenv().getOrDefault("CHIRP_HOME", ".")).toAbsolutePath().normalize();
  }

  public StackLayout layout() {
    if (dataDir != null) return new StackLayout(dataDir);
    String fromEnv = System.getenv("CHIRP_DATA_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) return new StackLayout(Path.of(fromEnv));
    return new StackLayout(projectHome().resolve(".chirp"));
  }
}
