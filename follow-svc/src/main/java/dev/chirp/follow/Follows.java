package dev.chirp.follow;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.store.events.EventPublisher;
import dev.chirp.store.graph.FollowGraphWriter;
import io.vertx.core.Future;

import java.time.Instant;

/**
 * Follow and unfollow: the graph changes first, marked pending; the event is published; only an acknowledged
 * event clears the mark. A retry of a request whose event was never acknowledged publishes it again, so the
 * fan-out hears of every change the graph holds.
 */
final class Follows {
  private final FollowGraphWriter graph;
  private final EventPublisher events;

  Follows(FollowGraphWriter graph, EventPublisher events) {
    this.graph = graph;
    this.events = events;
  }

  Future<Void> follow(long follower, long target, Instant now) {
    if (follower == target) return Future.failedFuture(ApiException.badRequest("cannot_follow_self", "a user cannot follow themselves"));
    return graph.follow(follower, target, now).compose(outcome -> switch (outcome) {
      case FOLLOWER_UNKNOWN -> Future.failedFuture(unknown(follower));
      case TARGET_UNKNOWN -> Future.failedFuture(unknown(target));
      case PUBLISH -> events.publish(new Followed(follower, target)).compose(acked -> graph.followPublished(follower, target));
      case UNCHANGED -> Future.succeededFuture();
    });
  }

  Future<Void> unfollow(long follower, long target) {
    return graph.unfollow(follower, target).compose(outcome -> switch (outcome) {
      case FOLLOWER_UNKNOWN, TARGET_UNKNOWN -> Future.failedFuture(unknown(follower));
      case PUBLISH -> events.publish(new Unfollowed(follower, target)).compose(acked -> graph.unfollowPublished(follower, target));
      case UNCHANGED -> Future.succeededFuture();
    });
  }

  private static ApiException unknown(long user) {
    return ApiException.notFound("unknown_user", "no such user " + user);
  }
}
