package dev.chirp.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a running launcher tells {@code status} and {@code down}: its own pid, its phase, and each child's pid,
 * port and start time (the start time guards against a recycled pid). Written atomically to stack.json.
 */
public record StackState(long launcherPid, Instant launcherStartedAt, String phase, List<Component> components) {
  public static final String STARTING = "starting";
  public static final String READY = "ready";
  public static final String STOPPED = "stopped";
  public static final String FAILED = "failed";

  /** One child: its current process, and how often the launcher restarted it (last exit code: null if never). */
  public record Component(String name, long pid, Instant startedAt, int port, String url, String log, int restarts,
                          Integer lastExitCode) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("pid", pid).put("started_at", startedAt.toString())
          .put("port", port).put("url", url).put("log", log).put("restarts", restarts).put("last_exit_code", lastExitCode);
    }

    static Component fromJson(JsonObject json) {
      return new Component(json.getString("name"), json.getLong("pid"), Instant.parse(json.getString("started_at")),
          json.getInteger("port"), json.getString("url"), json.getString("log"), json.getInteger("restarts", 0),
          json.getInteger("last_exit_code"));
    }

    /** Alive and really the process that was started (not a later one that reused the pid). */
    public boolean isRunning() {
      return StackState.isRunning(pid, startedAt);
    }
  }

  public static boolean isRunning(long pid, Instant startedAt) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(handle -> handle.info().startInstant().map(start ->
            Math.abs(start.toEpochMilli() - startedAt.toEpochMilli()) < 2000).orElse(true))
        .orElse(false);
  }

  public void write(Path file) throws IOException {
    JsonArray array = new JsonArray();
    components.forEach(c -> array.add(c.toJson()));
    JsonObject json = new JsonObject().put("launcher_pid", launcherPid)
        .put("launcher_started_at", launcherStartedAt.toString()).put("phase", phase).put("components", array);
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    Files.createDirectories(file.getParent());
    Files.writeString(partial, json.encodePrettily(), StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Optional<StackState> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return Optional.empty();
    JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    List<Component> components = new ArrayList<>();
    json.getJsonArray("components", new JsonArray()).forEach(o -> components.add(Component.fromJson((JsonObject) o)));
    return Optional.of(new StackState(json.getLong("launcher_pid"), Instant.parse(json.getString("launcher_started_at")),
        json.getString("phase"), components));
  }

  public boolean launcherRunning() {
    return isRunning(launcherPid, launcherStartedAt);
  }
}
