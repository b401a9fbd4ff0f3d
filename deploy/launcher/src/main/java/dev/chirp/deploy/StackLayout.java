package dev.chirp.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where a stack keeps everything: one data directory with a folder per engine, logs, keys and state. */
public record StackLayout(Path dataDir) {
  public StackLayout {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  public Path engineDir(String engine) {
    return dataDir.resolve(engine);
  }

  public Path log(String component) {
    return dataDir.resolve("logs").resolve(component + ".log");
  }

  public Path keysDir() {
    return dataDir.resolve("keys");
  }

  public Path stateFile() {
    return dataDir.resolve("stack.json");
  }

  public Path lockFile() {
    return dataDir.resolve("launcher.lock");
  }

  /** Deletes all data (engines, logs, keys, state) except {@code keep} (the lock the caller holds). */
  public void wipeExcept(Path keep) throws IOException {
    if (!Files.isDirectory(dataDir)) return;
    try (Stream<Path> children = Files.list(dataDir)) {
      for (Path child : children.toList()) {
        if (!child.equals(keep)) deleteTree(child);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }
}
