package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;
import dev.chirp.deploy.StackLayout;

import java.io.IOException;
import java.time.Instant;

/** One process of the stack (an engine or a service): how to start it, and its own signal that it is ready. */
public interface Component {
  String name();

  /** Where a user reaches it, for the summary. */
  String url();

  /** The port {@code status} probes. */
  int mainPort();

  ChildProcess start(StackLayout layout) throws IOException;

  /** Returns once the engine answers a real request; throws if it dies or the deadline passes. */
  void awaitReady(ChildProcess process, Instant deadline) throws Exception;
}
