package dev.chirp.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Operator and drill commands on one running component of the stack, found in its state file: the launcher's
 * supervision then restarts what stopped.
 */
final class ComponentSignals {
  static final int EXIT_NO_SUCH_COMPONENT = 2;

  private ComponentSignals() {}

  /** The running component called {@code name}, or a message on stdout and empty. */
  static Optional<StackState.Component> find(StackLayout layout, String name) throws IOException {
    Optional<StackState> state = StackState.read(layout.stateFile());
    if (state.isEmpty() || !state.get().launcherRunning()) {
      System.out.println("No stack is running on " + layout.dataDir() + ".");
      return Optional.empty();
    }
    Optional<StackState.Component> component = state.get().components().stream()
        .filter(c -> c.name().equals(name) && c.isRunning()).findFirst();
    if (component.isEmpty()) {
      System.out.println("No running component " + name + "; running: "
          + String.join(", ", state.get().components().stream().filter(StackState.Component::isRunning).map(StackState.Component::name).toList()));
    }
    return component;
  }

  /** Sends a signal by name (STOP, CONT) with the system's kill, which Java's process API cannot. */
  static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(pid))).inheritIO().start();
    if (kill.waitFor() != 0) throw new IOException("kill -" + signal + " " + pid + " failed");
  }

  /** A command on one running component, named as {@code ./chirp status} names it. */
  abstract static class OnComponent implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Parameters(index = "0", paramLabel = "COMPONENT", description = "As ./chirp status names it (redis, tweet-svc, fanout-worker-2, …).")
    String name;

    @Override
    public Integer call() throws Exception {
      Optional<StackState.Component> component = find(stack.layout(), name);
      if (component.isEmpty()) return EXIT_NO_SUCH_COMPONENT;
      act(component.get().pid());
      return 0;
    }

    abstract void act(long pid) throws Exception;
  }

  @Command(name = "restart", description = "Stop a component (SIGTERM: services drain) and let the launcher start it again.")
  static final class Restart extends OnComponent {
    @Override
    void act(long pid) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      System.out.println("Sent SIGTERM to " + name + " (pid " + pid + "); the launcher restarts it.");
    }
  }

  @Command(name = "kill", description = "Kill a component at once (SIGKILL), as a crash would; the launcher restarts it with back-off.")
  static final class Kill extends OnComponent {
    @Override
    void act(long pid) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      System.out.println("Killed " + name + " (pid " + pid + ").");
    }
  }

  @Command(name = "pause", description = "Freeze a component (SIGSTOP) for SECONDS, then resume it (SIGCONT): a hung engine or service.")
  static final class Pause extends OnComponent {
    @Parameters(index = "1", paramLabel = "SECONDS", description = "How long it stays frozen.")
    double seconds;

    @Override
    void act(long pid) throws Exception {
      signal(pid, "STOP");
      System.out.printf("Froze %s (pid %d) for %.1f s...%n", name, pid, seconds);
      try {
        Thread.sleep((long) (seconds * 1000));
      } finally {
        signal(pid, "CONT");
      }
      System.out.println("Resumed " + name + ".");
    }
  }
}
