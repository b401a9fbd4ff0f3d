package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import dev.chirp.store.timelines.TimelineReader;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.chirp.bench.GraphCommand.await;

/**
 * Reads what {@link Delivery} judges: each checked user's home timeline in Redis, directly (not through the API, whose
 * read may rebuild or repair a timeline); for a drill that reads first ({@link Drill#readsThroughApiFirst()}), after
 * reading each of those timelines through the API, as their users would. For the follow storm, also each storm
 * follower's final follow state, from the API's following list.
 */
final class DrillCheck {
  private static final long TIMEOUT_MS = 10_000;
  private final WebClient api;
  private final TimelineReader timelines;
  private final DrillAudience audience;

  DrillCheck(WebClient api, TimelineReader timelines, DrillAudience audience) {
    this.api = api;
    this.timelines = timelines;
    this.audience = audience;
  }

  Delivery check(Map<Long, Long> accepted, Drill.Expectation expectation, boolean readThroughApiFirst) throws Exception {
    FollowStorm.Outcome storm = expectation.storm();
    List<Account> users = new ArrayList<>(audience.followers());
    if (storm != null) users.addAll(storm.followers());
    if (readThroughApiFirst) readThroughApi(users);

    Map<Long, List<Long>> ofUser = new HashMap<>();
    for (Account user : users) {
      long id = Long.parseLong(user.id());
      ofUser.put(id, await(timelines.ids(id)));
    }
    Delivery delivery = Delivery.ofStaticFollows(accepted, audience.followersOf(), ofUser);
    if (storm == null) return delivery;
    long author = Long.parseLong(storm.author().id());
    List<Long> authorPosts = accepted.entrySet().stream().filter(e -> e.getValue() == author).map(Map.Entry::getKey).toList();
    for (Account follower : storm.followers()) {
      boolean follows = await(FollowStorm.follows(api, follower, storm.author()));
      delivery = delivery.plus(Delivery.ofFinalFollow(authorPosts, follows, ofUser.get(Long.parseLong(follower.id()))));
    }
    return delivery;
  }

  /** Every user's home timeline through the API, a few at a time; a failed read is one a user would retry later. */
  private void readThroughApi(List<Account> users) throws Exception {
    List<Future<?>> reads = new ArrayList<>();
    for (Account user : users) {
      reads.add(api.get("/api/v1/users/" + user.id() + "/home_timeline").bearerTokenAuthentication(user.token())
          .timeout(TIMEOUT_MS).send());
      if (reads.size() == 8) {
        await(Future.join(reads).otherwiseEmpty());
        reads.clear();
      }
    }
    await(Future.join(reads).otherwiseEmpty());
  }
}
