package dev.chirp.deploy;

import java.io.PrintStream;

/** Progress lines with the seconds since the launch began: {@code [  4.2s] neo4j      ready}. */
public final class Progress {
  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  public Progress(PrintStream out) {
    this.out = out;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public synchronized void step(String component, String message) {
    out.printf("[%6.1fs] %-15s %s%n", elapsedSeconds(), component, message);
    out.flush();
  }
}
