package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;

/** An engine that did not come up, with the end of its log so the user sees why. */
public final class EngineFailedException extends Exception {
  private final transient ChildProcess process;

  public EngineFailedException(ChildProcess process, String what) {
    super(process.name() + " " + what);
    this.process = process;
  }

  public ChildProcess process() {
    return process;
  }
}
