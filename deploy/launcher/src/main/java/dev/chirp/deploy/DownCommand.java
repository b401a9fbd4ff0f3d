package dev.chirp.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "down", description = "Stop a stack started with up --detach (or one running in another terminal).")
final class DownCommand implements Callable<Integer> {
  @Mixin
  StackOptions stack;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "90",
      description = "How long to wait for a clean stop before killing what is left. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    StackLayout layout = stack.layout();
    Optional<StackState> found = StackState.read(layout.stateFile());
    if (found.isEmpty()) {
      System.out.println("No stack has run on " + layout.dataDir() + ".");
      return 0;
    }
    StackState state = found.get();
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    if (state.launcherRunning()) {
      System.out.println("Stopping the stack on " + layout.dataDir() + " (launcher pid " + state.launcherPid() + ")...");
      ProcessHandle.of(state.launcherPid()).ifPresent(ProcessHandle::destroy);
      while (state.launcherRunning() && Instant.now().isBefore(deadline)) Thread.sleep(200);
    }
    // Whatever the launcher did not stop in time (or a launcher that was killed) is stopped here.
    for (StackState.Component component : state.components()) {
      if (!component.isRunning()) continue;
      System.out.println("Stopping " + component.name() + " (pid " + component.pid() + ")");
      ProcessHandle.of(component.pid()).ifPresent(handle -> {
        handle.destroy();
        try {
          handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toSeconds()), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          handle.destroyForcibly();
        }
      });
    }
    boolean anyLeft = state.launcherRunning() || state.components().stream().anyMatch(StackState.Component::isRunning);
    System.out.println(anyLeft ? "Some processes are still running; see ./chirp status." : "Stopped.");
    return anyLeft ? 1 : 0;
  }
}
