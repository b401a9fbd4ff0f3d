package dev.chirp.deploy;

import dev.chirp.deploy.engine.EngineFailedException;
import dev.chirp.deploy.engine.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "up", description = "Start the whole stack and stay in the foreground until Ctrl-C (or return once ready with --detach).")
final class UpCommand implements Callable<Integer> {
  static final int EXIT_FAILED = 1;
  static final int EXIT_REFUSED = 2;

  @Mixin
  StackOptions stack;

  @Option(names = "--detach", description = "Return once everything is ready; stop it later with ./chirp down.")
  boolean detach;

  @Option(names = "--fresh", description = "Wipe the data directory first.")
  boolean fresh;

  @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
      description = "Add N to every port (to run a second stack beside the first). Default: ${DEFAULT-VALUE}.")
  int portOffset;

  @Option(names = "--cds", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Use AppCDS archives for the engine JVMs (--no-cds to turn off). Default: on.")
  boolean appCds;

  @Option(names = "--replicas", paramLabel = "SERVICE=N", split = ",",
      converter = {Replicas.ServiceConverter.class, Replicas.CountConverter.class},
      description = "Run N instances (1.." + Replicas.MAX + ") of a service, e.g. tweet-svc=2,fanout-worker=3; "
          + "the entry point balances over them. Default: one of each.")
  Map<String, Integer> replicas = new LinkedHashMap<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "240",
      description = "Give up if the stack is not ready after this long. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    StackLayout layout = stack.layout();
    PortPlan ports = new PortPlan(portOffset);
    Files.createDirectories(layout.dataDir());
    return detach ? detach(layout, ports) : runInForeground(layout, ports);
  }

  private int runInForeground(StackLayout layout, PortPlan ports) throws IOException, InterruptedException {
    try (FileChannel lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = lockChannel.tryLock()) {
      if (lock == null) return refuseAlreadyRunning(layout);
      int refused = prepare(layout, ports);
      if (refused != 0) return refused;

      Progress progress = new Progress(out);
      Stack running = new Stack(new Stack.Options(layout, ports, EngineSettings.defaults(appCds),
          Duration.ofSeconds(timeoutSeconds), stack.projectHome(), Map.of(), replicas), progress);
      Instant launcherStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
      long pid = ProcessHandle.current().pid();
      writeState(layout, new StackState(pid, launcherStart, StackState.STARTING, List.of()));
      Thread stopper = new Thread(() -> {
        progress.step("chirp", "stopping");
        running.close();
        writeStateQuietly(layout, new StackState(pid, launcherStart, StackState.STOPPED, List.of()));
        progress.step("chirp", "stopped");
      }, "chirp-stop");
      Runtime.getRuntime().addShutdownHook(stopper);

      progress.step("chirp", "starting the stack in " + layout.dataDir());
      try {
        running.start();
      } catch (EngineFailedException e) {
        writeState(layout, new StackState(pid, launcherStart, StackState.FAILED, components(running)));
        out.println();
        out.println("FAILED: " + e.getMessage() + ". Last lines of " + e.process().log() + ":");
        out.println(e.process().tail(30));
        return EXIT_FAILED;
      } catch (IllegalArgumentException e) {
        writeState(layout, new StackState(pid, launcherStart, StackState.FAILED, components(running)));
        out.println();
        out.println("FAILED: " + e.getMessage());
        return EXIT_FAILED;
      }
      writeState(layout, new StackState(pid, launcherStart, StackState.READY, components(running)));
      printSummary(layout, running, progress.elapsedSeconds());

      // Supervision: a child that dies is restarted with back-off; only a crash loop stops the stack.
      while (true) {
        Optional<String> crashLoop = running.supervise();
        if (crashLoop.isPresent()) {
          String name = crashLoop.get().substring(0, crashLoop.get().indexOf(' '));
          out.println();
          out.println("FAILED: " + crashLoop.get() + "; giving up. Last lines of " + layout.log(name) + ":");
          out.println(ChildProcess.tail(layout.log(name), 30));
          writeState(layout, new StackState(pid, launcherStart, StackState.FAILED, components(running)));
          return EXIT_FAILED;
        }
        if (running.changedSinceLastAsked()) {
          writeState(layout, new StackState(pid, launcherStart, StackState.READY, components(running)));
        }
        Thread.sleep(500);
      }
    }
  }

  /** Starts this same command without --detach as a session leader of its own, then follows its log until ready. */
  private int detach(StackLayout layout, PortPlan ports) throws IOException, InterruptedException {
    try (FileChannel lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = lockChannel.tryLock()) {
      if (lock == null) return refuseAlreadyRunning(layout);
      // Wiped here, not in the child: the child's log, which this process follows, lives in the data dir.
      int refused = prepare(layout, ports);
      if (refused != 0) return refused;
    }
    Path log = layout.log("launcher");
    Files.createDirectories(log.getParent());
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Files.deleteIfExists(layout.stateFile());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(absoluteClasspath());
    command.add(Chirp.class.getName());
    command.addAll(foregroundArguments(layout));
    ChildProcess launcher = ChildProcess.start("launcher", command, layout.dataDir(), log, Map.of(), false);

    Instant deadline = Instant.now().plusSeconds(timeoutSeconds + 30L);
    long position = logStart;
    while (true) {
      position = echoNewOutput(log, position);
      Optional<StackState> state = StackState.read(layout.stateFile());
      if (state.isPresent() && state.get().launcherPid() == launcher.pid() && state.get().phase().equals(StackState.READY)) {
        echoNewOutput(log, position);
        out.println("Detached (launcher pid " + launcher.pid() + ", log " + log + "). Stop it with ./chirp down.");
        return 0;
      }
      if (!launcher.isAlive()) {
        echoNewOutput(log, position);
        out.println("The stack did not start (launcher exited with " + launcher.process().exitValue() + ").");
        return launcher.process().exitValue() == 0 ? EXIT_FAILED : launcher.process().exitValue();
      }
      if (Instant.now().isAfter(deadline)) {
        launcher.stop(Duration.ofSeconds(60));
        out.println("The stack was not ready in time; stopped it. See " + log);
        return EXIT_FAILED;
      }
      Thread.sleep(200);
    }
  }

  /** This command's arguments for the launcher that {@code --detach} starts: the same stack, in the foreground. */
  List<String> foregroundArguments(StackLayout layout) {
    List<String> arguments = new ArrayList<>(List.of("up", "--data-dir", layout.dataDir().toString(),
        "--port-offset", Integer.toString(portOffset), "--timeout", Integer.toString(timeoutSeconds),
        appCds ? "--cds" : "--no-cds"));
    if (!replicas.isEmpty()) arguments.addAll(List.of("--replicas", Replicas.format(replicas)));
    return arguments;
  }

  private static String absoluteClasspath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private long echoNewOutput(Path log, long from) throws IOException {
    if (!Files.exists(log)) return from;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      if (file.length() <= from) return from;
      byte[] bytes = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      out.print(new String(bytes, StandardCharsets.UTF_8));
      out.flush();
      return file.length();
    }
  }

  /** With the data directory's lock held: wipes it if asked to, then checks the ports. 0, or the exit code to refuse with. */
  private int prepare(StackLayout layout, PortPlan ports) throws IOException {
    if (fresh) {
      layout.wipeExcept(layout.lockFile());
      out.println("Wiped " + layout.dataDir());
    }
    List<String> taken = ports.taken();
    return taken.isEmpty() ? 0 : refusePortsTaken(taken);
  }

  private int refuseAlreadyRunning(StackLayout layout) throws IOException {
    String pid = StackState.read(layout.stateFile()).map(s -> " (launcher pid " + s.launcherPid() + ")").orElse("");
    out.println("A Chirp stack is already running on " + layout.dataDir() + pid + ".");
    out.println("Use ./chirp status to see it, ./chirp down to stop it, or --data-dir for a second stack.");
    return EXIT_REFUSED;
  }

  private int refusePortsTaken(List<String> taken) {
    out.println("Cannot start: port(s) already in use: " + String.join(", ", taken) + ".");
    out.println("Stop whatever holds them (ss -ltnp shows the owner; ./chirp down stops an earlier stack),");
    out.println("or run this stack on other ports with --port-offset N.");
    return EXIT_REFUSED;
  }

  private static List<StackState.Component> components(Stack running) {
    Map<String, dev.chirp.deploy.engine.Component> byName = new java.util.HashMap<>();
    running.components().forEach(c -> byName.put(c.name(), c));
    List<StackState.Component> components = new ArrayList<>();
    for (ChildProcess child : running.processes()) {
      var engine = byName.get(child.name());
      Supervision.History history = running.history(child.name());
      components.add(new StackState.Component(child.name(), child.pid(), child.startedAt(), engine.mainPort(),
          engine.url(), child.log().toString(), history.restarts(), history.lastExitCode()));
    }
    return components;
  }

  private void printSummary(StackLayout layout, Stack running, double seconds) {
    out.println();
    out.printf("Chirp stack is up in %.1f s (data: %s)%n", seconds, layout.dataDir());
    running.edgeUrl().ifPresent(url -> out.printf("  %-15s %-28s every API path, routed to its service%n", "API", url));
    for (var component : running.components()) {
      out.printf("  %-15s %-28s log %s%n", component.name(), component.url(), layout.log(component.name()));
    }
    out.printf("  %-15s %s%n", "pulsar admin", running.pulsar().adminUrl());
    out.printf("  %-15s %s%n", "jwt keys", layout.keysDir());
    out.println("Stop it with Ctrl-C, or ./chirp down from another terminal.");
    out.flush();
  }

  private static void writeState(StackLayout layout, StackState state) throws IOException {
    state.write(layout.stateFile());
  }

  private static void writeStateQuietly(StackLayout layout, StackState state) {
    try {
      writeState(layout, state);
    } catch (IOException ignored) {
      // Stopping matters more than recording that we stopped.
    }
  }
}
