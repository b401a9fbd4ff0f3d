package dev.chirp.follow;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.store.events.MarkedPublish;
import dev.chirp.store.events.MarkedPublish.AwaitClear;
import dev.chirp.store.graph.FollowGraphWriter.Outcome;
import io.vertx.core.Future;

import java.time.Instant;

/**
 * Follow and unfollow: the graph changes first, marked pending; the event is published; only an acknowledged
 * event clears the mark ({@link MarkedPublish}, the pattern tweet-svc's outbox follows too). A retry of a request
 * whose event was never acknowledged publishes it again, and so does {@link FollowSweeper} once the mark is older
 * than a grace period, so the fan-out hears of every change the graph holds.
 *
 * <p>The graph changes of one pair run one at a time in this process, and a request that finds an equal request of
 * its pair still waiting shares its outcome ({@link CoalescingLanes}): a client hammering one pair costs a few
 * transactions on that pair's locks and a few events, not one of each per request, and no request waits behind
 * dozens. Publishing a change's event does not hold up the pair's next change.
 */
final class Follows {
  /** The follow edges in the graph (Neo4j), each change marked pending until its event is acknowledged. */
  interface Edges {
    Future<Outcome> follow(long follower, long followee, Instant now);

    Future<Void> followPublished(long follower, long followee);

    Future<Outcome> unfollow(long follower, long followee, Instant now);

    Future<Void> unfollowPublished(long follower, long followee);
  }

  /** Where follow events go (Pulsar): completes once the broker acknowledged the event. */
  interface Events extends MarkedPublish.Publisher {
  }

  private enum Change { FOLLOW, UNFOLLOW }

  private record Pair(long follower, long followee) {
  }

  private final Edges edges;
  private final Events events;
  private final CoalescingLanes<Pair, Change> lanes = new CoalescingLanes<>();

  Follows(Edges edges, Events events) {
    this.edges = edges;
    this.events = events;
  }

  Future<Void> follow(long follower, long target, Instant now) {
    if (follower == target) return Future.failedFuture(ApiException.badRequest("cannot_follow_self", "a user cannot follow themselves"));
    return lanes.submit(new Pair(follower, target), Change.FOLLOW, () -> applyFollow(follower, target, now));
  }

  Future<Void> unfollow(long follower, long target, Instant now) {
    return lanes.submit(new Pair(follower, target), Change.UNFOLLOW, () -> applyUnfollow(follower, target, now));
  }

  /** The graph change is the lane's exclusive part; publishing its event may overlap the pair's next change. */
  private CoalescingLanes.Run applyFollow(long follower, long target, Instant now) {
    Future<Outcome> changed = edges.follow(follower, target, now);
    return new CoalescingLanes.Run(changed, changed.compose(outcome -> switch (outcome) {
      case FOLLOWER_UNKNOWN -> Future.failedFuture(unknown(follower));
      case TARGET_UNKNOWN -> Future.failedFuture(unknown(target));
      case PUBLISH -> MarkedPublish.publish(events, new Followed(follower, target), () -> edges.followPublished(follower, target),
          AwaitClear.YES);
      case UNCHANGED -> Future.succeededFuture();
    }));
  }

  private CoalescingLanes.Run applyUnfollow(long follower, long target, Instant now) {
    Future<Outcome> changed = edges.unfollow(follower, target, now);
    return new CoalescingLanes.Run(changed, changed.compose(outcome -> switch (outcome) {
      case FOLLOWER_UNKNOWN, TARGET_UNKNOWN -> Future.failedFuture(unknown(follower));
      case PUBLISH -> MarkedPublish.publish(events, new Unfollowed(follower, target),
          () -> edges.unfollowPublished(follower, target), AwaitClear.YES);
      case UNCHANGED -> Future.succeededFuture();
    }));
  }

  private static ApiException unknown(long user) {
    return ApiException.notFound("unknown_user", "no such user " + user);
  }
}
