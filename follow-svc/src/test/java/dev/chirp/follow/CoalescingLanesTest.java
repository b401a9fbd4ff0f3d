package dev.chirp.follow;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link CoalescingLanes} with work the test finishes by hand, so every interleaving is explicit. */
class CoalescingLanesTest {
  private final CoalescingLanes<String, String> lanes = new CoalescingLanes<>();
  /** Each started run, as "key action", with the promise that ends it (its exclusive part and its outcome at once). */
  private final List<String> started = new ArrayList<>();
  private final List<Promise<Void>> running = new ArrayList<>();

  private Supplier<CoalescingLanes.Run> work(String key, String action) {
    return () -> {
      started.add(key + " " + action);
      Promise<Void> done = Promise.promise();
      running.add(done);
      return new CoalescingLanes.Run(done.future(), done.future());
    };
  }

  private Future<Void> submit(String key, String action) {
    return lanes.submit(key, action, work(key, action));
  }

  @Test
  void oneKeyRunsOneActionAtATimeInArrivalOrder() {
    Future<Void> first = submit("ab", "follow");
    Future<Void> second = submit("ab", "unfollow");
    assertThat(started).containsExactly("ab follow");

    running.get(0).complete();
    assertThat(first.succeeded()).isTrue();
    assertThat(second.isComplete()).isFalse();
    assertThat(started).containsExactly("ab follow", "ab unfollow");

    running.get(1).complete();
    assertThat(second.succeeded()).isTrue();
    assertThat(lanes.openLanes()).isZero();
  }

  @Test
  void aRequestJoinsAnEqualWaitingActionButNeverTheRunningOne() {
    Future<Void> running0 = submit("ab", "follow");
    List<Future<Void>> follows = new ArrayList<>();
    List<Future<Void>> unfollows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      follows.add(submit("ab", "follow"));
      unfollows.add(submit("ab", "unfollow"));
    }
    assertThat(started).containsExactly("ab follow");

    running.get(0).complete();
    assertThat(running0.succeeded()).isTrue();
    assertThat(follows).noneMatch(Future::isComplete);
    running.get(1).complete();
    assertThat(follows).allMatch(Future::succeeded);
    assertThat(unfollows).noneMatch(Future::isComplete);
    running.get(2).complete();
    assertThat(unfollows).allMatch(Future::succeeded);

    assertThat(started).as("41 requests, three runs").containsExactly("ab follow", "ab follow", "ab unfollow");
    assertThat(lanes.openLanes()).isZero();
  }

  @Test
  void everyRequestSharingARunSharesItsFailureAndTheLaneGoesOn() {
    submit("ab", "follow");
    Future<Void> joined1 = submit("ab", "unfollow");
    Future<Void> joined2 = submit("ab", "unfollow");
    Future<Void> after = submit("ab", "follow");
    running.get(0).complete();
    running.get(1).fail(new IllegalStateException("neo4j is unavailable"));
    assertThat(joined1.cause()).hasMessage("neo4j is unavailable");
    assertThat(joined2.cause()).hasMessage("neo4j is unavailable");
    assertThat(started).containsExactly("ab follow", "ab unfollow", "ab follow");
    running.get(2).complete();
    assertThat(after.succeeded()).isTrue();
    assertThat(lanes.openLanes()).isZero();
  }

  @Test
  void workThatThrowsFailsItsRequestsAndFreesTheLane() {
    Future<Void> thrown = lanes.submit("ab", "follow", () -> {
      throw new IllegalArgumentException("bad");
    });
    assertThat(thrown.cause()).hasMessage("bad");
    assertThat(lanes.openLanes()).isZero();
    Future<Void> next = submit("ab", "follow");
    assertThat(started).containsExactly("ab follow");
    running.get(0).complete();
    assertThat(next.succeeded()).isTrue();
  }

  @Test
  void aCallerWhoseAnswerThrowsDoesNotStopTheLane() {
    submit("ab", "follow").onSuccess(v -> {
      throw new IllegalStateException("the client went away: the response is closed");
    });
    Future<Void> next = submit("ab", "unfollow");
    // Whether the throw reaches whoever ended the run is Vert.x's business; the lane goes on either way.
    catchThrowable(() -> running.get(0).complete());
    assertThat(started).containsExactly("ab follow", "ab unfollow");
    running.get(1).complete();
    assertThat(next.succeeded()).isTrue();
    assertThat(lanes.openLanes()).isZero();
  }

  @Test
  void theNextActionStartsOnceTheExclusivePartIsOverWhileTheFirstOutcomeIsStillOpen() {
    Promise<Void> exclusive = Promise.promise();
    Promise<Void> outcome = Promise.promise();
    Future<Void> first = lanes.submit("ab", "follow", () -> new CoalescingLanes.Run(exclusive.future(), outcome.future()));
    Future<Void> second = submit("ab", "unfollow");
    assertThat(started).isEmpty();

    exclusive.complete();
    assertThat(started).containsExactly("ab unfollow");
    assertThat(first.isComplete()).isFalse();
    running.get(0).complete();
    assertThat(second.succeeded()).isTrue();
    outcome.complete();
    assertThat(first.succeeded()).isTrue();
    assertThat(lanes.openLanes()).isZero();
  }

  @Test
  void keysDoNotWaitForEachOther() {
    Future<Void> ab = submit("ab", "follow");
    Future<Void> ac = submit("ac", "follow");
    assertThat(started).containsExactly("ab follow", "ac follow");
    assertThat(lanes.openLanes()).isEqualTo(2);
    running.get(1).complete();
    assertThat(ac.succeeded()).isTrue();
    assertThat(ab.isComplete()).isFalse();
    running.get(0).complete();
    assertThat(lanes.openLanes()).isZero();
  }
}
