package dev.chirp.follow;

import dev.chirp.common.http.ServiceMain;

/** Starts follow-svc: configuration from follow-svc.json, its wiring, then its verticles. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("follow-svc", "follow-svc.json", FollowServiceWiring::open);
  }
}
