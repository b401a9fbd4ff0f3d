package dev.chirp.tweet;

import dev.chirp.common.http.ServiceMain;

/** Starts tweet-svc: configuration from tweet-svc.json, its wiring, then its verticles. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("tweet-svc", "tweet-svc.json", TweetServiceWiring::open);
  }
}
