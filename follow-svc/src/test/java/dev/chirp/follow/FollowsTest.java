package dev.chirp.follow;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.store.graph.FollowGraphWriter.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Follows} against a graph that answers a set outcome and a publisher that acknowledges when told to. */
class FollowsTest {
  private static final long ALICE = 1;
  private static final long BOB = 2;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** Every call to the graph and the publisher, in order. */
  private final List<String> calls = new ArrayList<>();
  private final EdgesAnswering graph = new EdgesAnswering();
  private final EventsAcknowledging events = new EventsAcknowledging();
  private final Follows follows = new Follows(graph, events);

  @Test
  void followingYourselfIs400AndTouchesNothing() {
    assertFailed(follows.follow(ALICE, ALICE, NOW), 400, "cannot_follow_self");
    assertThat(calls).isEmpty();
  }

  @Test
  void anUnknownFollowerOrTargetIs404AndPublishesNothing() {
    graph.outcome = Outcome.FOLLOWER_UNKNOWN;
    assertThat(assertFailed(follows.follow(ALICE, BOB, NOW), 404, "unknown_user")).hasMessageContaining(Long.toString(ALICE));
    assertFailed(follows.unfollow(ALICE, BOB, NOW), 404, "unknown_user");
    graph.outcome = Outcome.TARGET_UNKNOWN;
    assertThat(assertFailed(follows.follow(ALICE, BOB, NOW), 404, "unknown_user")).hasMessageContaining(Long.toString(BOB));
    assertThat(calls).containsExactly("follow 1 2", "unfollow 1 2", "follow 1 2");
  }

  @Test
  void aFollowThatChangedTheGraphPublishesFollowedAndClearsTheMarkOnlyOnceItIsAcknowledged() {
    graph.outcome = Outcome.PUBLISH;
    Future<Void> followed = follows.follow(ALICE, BOB, NOW);
    assertThat(calls).containsExactly("follow 1 2", "publish " + new Followed(ALICE, BOB));
    assertThat(followed.isComplete()).isFalse();

    events.acknowledgement.complete();

    assertThat(calls).containsExactly("follow 1 2", "publish " + new Followed(ALICE, BOB), "followPublished 1 2");
    assertThat(followed.succeeded()).isTrue();
  }

  @Test
  void anUnfollowThatChangedTheGraphPublishesUnfollowedAndClearsTheMarkOnlyOnceItIsAcknowledged() {
    graph.outcome = Outcome.PUBLISH;
    Future<Void> unfollowed = follows.unfollow(ALICE, BOB, NOW);
    assertThat(calls).containsExactly("unfollow 1 2", "publish " + new Unfollowed(ALICE, BOB));
    assertThat(unfollowed.isComplete()).isFalse();

    events.acknowledgement.complete();

    assertThat(calls).containsExactly("unfollow 1 2", "publish " + new Unfollowed(ALICE, BOB), "unfollowPublished 1 2");
    assertThat(unfollowed.succeeded()).isTrue();
  }

  @Test
  void aFailedPublishLeavesTheMarkAndFailsTheRequest() {
    graph.outcome = Outcome.PUBLISH;
    Future<Void> followed = follows.follow(ALICE, BOB, NOW);
    events.acknowledgement.fail(ApiException.unavailable("pulsar", null));
    assertFailed(followed, 503, "service_unavailable");

    events.acknowledgement = Promise.promise();
    Future<Void> unfollowed = follows.unfollow(ALICE, BOB, NOW);
    events.acknowledgement.fail(ApiException.unavailable("pulsar", null));
    assertFailed(unfollowed, 503, "service_unavailable");

    assertThat(calls).containsExactly("follow 1 2", "publish " + new Followed(ALICE, BOB),
        "unfollow 1 2", "publish " + new Unfollowed(ALICE, BOB));
  }

  @Test
  void aRequestThatChangedNothingPublishesNothing() {
    graph.outcome = Outcome.UNCHANGED;
    assertThat(follows.follow(ALICE, BOB, NOW).succeeded()).isTrue();
    assertThat(follows.unfollow(ALICE, BOB, NOW).succeeded()).isTrue();
    assertThat(calls).containsExactly("follow 1 2", "unfollow 1 2");
  }

  @Test
  void aHammeredPairCostsOneChangePerKindWaitingNotOnePerRequest() {
    graph.outcome = Outcome.PUBLISH;
    graph.answer = Promise.promise();
    Future<Void> first = follows.follow(ALICE, BOB, NOW);
    List<Future<Void>> more = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      more.add(follows.follow(ALICE, BOB, NOW));
      more.add(follows.unfollow(ALICE, BOB, NOW));
    }
    assertThat(calls).as("the rest wait for the first graph change").containsExactly("follow 1 2");

    Promise<Outcome> firstChange = graph.answer;
    graph.answer = null;
    firstChange.complete(Outcome.PUBLISH);
    assertThat(calls).as("publishing does not hold up the pair's next changes").containsExactly(
        "follow 1 2", "publish " + new Followed(ALICE, BOB),
        "follow 1 2", "publish " + new Followed(ALICE, BOB),
        "unfollow 1 2", "publish " + new Unfollowed(ALICE, BOB));
    assertThat(first.isComplete()).isFalse();
    assertThat(more).noneMatch(Future::isComplete);

    events.acknowledgement.complete();
    assertThat(first.succeeded()).isTrue();
    assertThat(more).allMatch(Future::succeeded);
    assertThat(calls).filteredOn(c -> !c.startsWith("publish ")).containsExactly("follow 1 2", "follow 1 2", "unfollow 1 2",
        "followPublished 1 2", "followPublished 1 2", "unfollowPublished 1 2");
  }

  private static ApiException assertFailed(Future<?> future, int status, String code) {
    assertThat(future.failed()).as("failed").isTrue();
    assertThat(future.cause()).isInstanceOf(ApiException.class);
    ApiException error = (ApiException) future.cause();
    assertThat(error.status()).isEqualTo(status);
    assertThat(error.code()).isEqualTo(code);
    return error;
  }

  /** The graph: every change answers {@link #outcome}, every call is logged. */
  private final class EdgesAnswering implements Follows.Edges {
    Outcome outcome;
    /** When set, the next change answers when the test completes it, instead of at once with {@link #outcome}. */
    Promise<Outcome> answer;

    @Override
    public Future<Outcome> follow(long follower, long followee, Instant now) {
      assertThat(now).isEqualTo(NOW);
      calls.add("follow " + follower + " " + followee);
      return answer != null ? answer.future() : Future.succeededFuture(outcome);
    }

    @Override
    public Future<Void> followPublished(long follower, long followee) {
      calls.add("followPublished " + follower + " " + followee);
      return Future.succeededFuture();
    }

    @Override
    public Future<Outcome> unfollow(long follower, long followee, Instant now) {
      calls.add("unfollow " + follower + " " + followee);
      return Future.succeededFuture(outcome);
    }

    @Override
    public Future<Void> unfollowPublished(long follower, long followee) {
      calls.add("unfollowPublished " + follower + " " + followee);
      return Future.succeededFuture();
    }
  }

  /** The publisher: each publish is acknowledged (or fails) when the test completes {@link #acknowledgement}. */
  private final class EventsAcknowledging implements Follows.Events {
    Promise<Void> acknowledgement = Promise.promise();

    @Override
    public Future<?> publish(ChirpEvent event) {
      calls.add("publish " + event);
      return acknowledgement.future();
    }
  }
}
