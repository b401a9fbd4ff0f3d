package dev.chirp.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", description = "Show each component of the stack (every service instance): up or down, pid, port, uptime.")
final class StatusCommand implements Callable<Integer> {
  static final int EXIT_NOT_ALL_UP = 3;

  @Mixin
  StackOptions stack;

  @Override
  public Integer call() throws IOException {
    StackLayout layout = stack.layout();
    Optional<StackState> found = StackState.read(layout.stateFile());
    if (found.isEmpty()) {
      System.out.println("No stack has run on " + layout.dataDir() + ". Start one with ./chirp up.");
      return EXIT_NOT_ALL_UP;
    }
    StackState state = found.get();
    boolean launcherUp = state.launcherRunning();
    System.out.printf("stack on %s: %s%n", layout.dataDir(), launcherUp ? state.phase() : "not running");
    System.out.printf("%-15s %-5s %-8s %-6s %-10s %-8s %-9s %s%n", "COMPONENT", "STATE", "PID", "PORT", "UPTIME",
        "RESTARTS", "LAST EXIT", "URL");
    System.out.printf("%-15s %-5s %-8d %-6s %-10s %-8s %-9s %s%n", "launcher", launcherUp ? "up" : "down", state.launcherPid(),
        "-", launcherUp ? uptime(state.launcherStartedAt()) : "-", "-", "-", "");
    boolean allUp = launcherUp && state.phase().equals(StackState.READY) && !state.components().isEmpty();
    for (StackState.Component c : state.components()) {
      boolean up = c.isRunning() && accepts(c.port());
      allUp &= up;
      System.out.printf("%-15s %-5s %-8d %-6d %-10s %-8d %-9s %s%n", c.name(), up ? "up" : "down", c.pid(), c.port(),
          up ? uptime(c.startedAt()) : "-", c.restarts(), c.lastExitCode() == null ? "-" : c.lastExitCode(), c.url());
    }
    return allUp ? 0 : EXIT_NOT_ALL_UP;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String uptime(Instant since) {
    Duration d = Duration.between(since, Instant.now());
    return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
  }
}
