package dev.chirp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the stack, its output in a log file. Children run in their own session, so a Ctrl-C in
 * the terminal reaches only the launcher, which then stops them in order. Children tied to the launcher also
 * get SIGTERM from the kernel when the launcher dies, even by SIGKILL, so no engine is ever orphaned.
 */
public final class ChildProcess {
  /**
   * The kernel sends the parent-death signal when the <em>thread</em> that forked the child ends, so every
   * tied child is forked from this one thread, which lives as long as the JVM.
   */
  private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "chirp-spawner");
    thread.setDaemon(true);
    return thread;
  });
  private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));
  private static final boolean HAS_SETPRIV = Files.isExecutable(Path.of("/usr/bin/setpriv"));

  private final String name;
  private final Process process;
  private final Path log;
  private final Instant startedAt;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedAt = process.info().startInstant().orElse(Instant.now());
  }

  /**
   * Starts {@code command} in {@code workDir} with output appended to {@code log}. A {@code tiedToLauncher}
   * child dies with this JVM; an untied one (the detached launcher itself) outlives it.
   */
  public static ChildProcess start(String name, List<String> command, Path workDir, Path log,
                                   Map<String, String> extraEnv, boolean tiedToLauncher) throws IOException {
    return start(name, command, workDir, log, extraEnv, tiedToLauncher, false);
  }

  /**
   * {@code onlyGivenChirpVariables}: the child sees no {@code CHIRP_*} variable of this process's environment but
   * those in {@code extraEnv} (a service fails on a variable that names none of its keys).
   */
  public static ChildProcess start(String name, List<String> command, Path workDir, Path log, Map<String, String> extraEnv,
                                   boolean tiedToLauncher, boolean onlyGivenChirpVariables) throws IOException {
    List<String> full = new ArrayList<>();
    if (HAS_SETSID) full.add("/usr/bin/setsid");
    if (tiedToLauncher && HAS_SETPRIV) full.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "TERM", "--"));
    full.addAll(command);
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    Files.writeString(log.resolveSibling(name + ".cmd"), String.join(" ", full) + "\n", StandardCharsets.UTF_8);
    Files.writeString(log, "==== " + Instant.now() + " starting " + name + " (command line in " + name + ".cmd)\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (onlyGivenChirpVariables) builder.environment().keySet().removeIf(variable -> variable.startsWith("CHIRP_"));
    builder.environment().putAll(extraEnv);
    try {
      return new ChildProcess(name, SPAWNER.submit(builder::start).get(), log);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. Returns the exit code. */
  public int stop(Duration grace) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The last {@code lines} lines of the child's log, for telling the user why it died. */
  public String tail(int lines) {
    return tail(log, lines);
  }

  public static String tail(Path log, int lines) {
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, file.length() - 64 * 1024);
      byte[] bytes = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
