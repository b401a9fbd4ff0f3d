package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.chirp.bench.GraphCommand.await;

/**
 * The follow-storm drill's own load, on users of its own (so the steady workload's static follows stay static): one
 * author posting 4 times a second while its followers toggle follow and unfollow on it, open loop (a toggle does not
 * wait for the previous one): the first follower every 50 ms, the others every 300 ms. Then each follower's last
 * toggle, sent once every earlier one has an outcome: the even-numbered ones end following, the odd ones not.
 * The check reads the final state from the API's following list rather than trusting those last toggles.
 */
final class FollowStorm {
  static final int FOLLOWERS = 6;
  private static final long POST_EVERY_MS = 250;
  private static final long HAMMER_EVERY_MS = 50;
  private static final long TOGGLE_EVERY_MS = 300;

  /** The storm's author and followers: what the check judges. */
  record Outcome(Account author, List<Account> followers) {
  }

  private FollowStorm() {
  }

  static Outcome run(DrillWorkload workload, double seconds) throws Exception {
    WebClient api = workload.api();
    Vertx vertx = workload.vertx();
    Account author = BenchAccounts.signUp(api, 1, "dsa").get(0);
    List<Account> followers = BenchAccounts.signUp(api, FOLLOWERS, "dsf");
    for (Account follower : followers) DrillAudience.readHomeOnce(api, follower);

    List<Future<?>> sent = Collections.synchronizedList(new ArrayList<>());
    List<Long> timers = new ArrayList<>();
    timers.add(vertx.setPeriodic(POST_EVERY_MS, t -> sent.add(workload.post(author))));
    for (int i = 0; i < followers.size(); i++) {
      Account follower = followers.get(i);
      boolean[] follow = {true};
      timers.add(vertx.setPeriodic(i == 0 ? HAMMER_EVERY_MS : TOGGLE_EVERY_MS + 17L * i, t -> {
        sent.add(workload.follow(follower, author, follow[0]));
        follow[0] = !follow[0];
      }));
    }
    try {
      Thread.sleep((long) (seconds * 1000));
    } finally {
      timers.forEach(vertx::cancelTimer);
    }
    // Awaited outside the list's lock: a timer that fired as it was cancelled adds to it on an event loop those sends
    // need (awaiting under the lock deadlocked the drill). Again until no such late send turns up.
    for (int awaited = -1; ; ) {
      List<Future<?>> all;
      synchronized (sent) {
        all = new ArrayList<>(sent);
      }
      if (all.size() == awaited) break;
      awaited = all.size();
      await(Future.join(all).otherwiseEmpty());
    }
    for (int i = 0; i < followers.size(); i++) {
      await(workload.follow(followers.get(i), author, i % 2 == 0).otherwiseEmpty());
    }
    return new Outcome(author, followers);
  }

  /** Whether the follower follows the author now, by the API's following list (the graph's state). */
  static Future<Boolean> follows(WebClient api, Account follower, Account author) {
    return api.get("/api/v1/users/" + follower.id() + "/following").addQueryParam("limit", "100").send()
        .compose(r -> BenchAccounts.expect(r, 200))
        .map(r -> {
          JsonArray users = r.bodyAsJsonObject().getJsonArray("users");
          for (int i = 0; i < users.size(); i++) {
            if (author.id().equals(users.getJsonObject(i).getString("id"))) return true;
          }
          return false;
        });
  }
}
