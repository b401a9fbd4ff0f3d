package dev.chirp.fanout;

import dev.chirp.common.http.ServiceMain;

/** Starts fanout-worker: configuration from fanout-worker.json, its wiring, then its verticles. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("fanout-worker", "fanout-worker.json", FanoutWorkerWiring::open);
  }
}
