package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;

import java.time.Instant;
import java.util.concurrent.Callable;

/** Polls an engine's own readiness signal until it answers, the child dies, or the deadline passes. */
public final class Readiness {
  private static final long POLL_MILLIS = 250;

  private Readiness() {
  }

  public static void poll(ChildProcess process, Instant deadline, Callable<Boolean> probe) throws Exception {
    Exception last = null;
    while (true) {
      if (!process.isAlive()) {
        throw new EngineFailedException(process, "exited with code " + process.process().exitValue() + " before it was ready");
      }
      try {
        if (Boolean.TRUE.equals(probe.call())) return;
      } catch (Exception e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new EngineFailedException(process, "not ready by the deadline"
            + (last == null ? "" : " (last probe: " + last.getMessage() + ")"));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
