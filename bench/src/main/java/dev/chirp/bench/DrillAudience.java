package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.chirp.bench.GraphCommand.await;

/**
 * The users {@code ./chirp drill} signs up: authors, their followers (who never change whom they follow: the loss
 * check's expectations, {@code followersOf} by author id), and churners (who follow and unfollow; not checked).
 */
record DrillAudience(List<Account> authors, Map<Long, List<Long>> followersOf, List<Account> followers, List<Account> churners) {
  static DrillAudience signUp(WebClient api, int authorCount, int followerCount, int follows, Random random) throws Exception {
    List<Account> authors = BenchAccounts.signUp(api, authorCount, "da");
    List<Account> followers = BenchAccounts.signUp(api, followerCount, "df");
    List<Account> churners = BenchAccounts.signUp(api, Math.max(2, followerCount / 6), "dc");
    Map<Long, List<Long>> followersOf = new HashMap<>();
    for (Account follower : followers) {
      List<Account> shuffled = new ArrayList<>(authors);
      Collections.shuffle(shuffled, random);
      for (Account author : shuffled.subList(0, Math.min(follows, shuffled.size()))) {
        await(api.put("/api/v1/users/" + follower.id() + "/following/" + author.id()).bearerTokenAuthentication(follower.token())
            .send().compose(r -> BenchAccounts.expect(r, 204)));
        followersOf.computeIfAbsent(Long.parseLong(author.id()), a -> new ArrayList<>()).add(Long.parseLong(follower.id()));
      }
      readHomeOnce(api, follower);
    }
    return new DrillAudience(authors, followersOf, followers, churners);
  }

  /** A timeline exists (and gets fan-out) once its user has read it. */
  static void readHomeOnce(WebClient api, Account user) throws Exception {
    await(api.get("/api/v1/users/" + user.id() + "/home_timeline").bearerTokenAuthentication(user.token())
        .send().compose(r -> BenchAccounts.expect(r, 200)));
  }
}
