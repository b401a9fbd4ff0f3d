package dev.chirp.timeline;

import dev.chirp.common.http.ServiceMain;

/** Starts timeline-svc: configuration from timeline-svc.json, its wiring, then its verticles. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("timeline-svc", "timeline-svc.json", TimelineServiceWiring::open);
  }
}
