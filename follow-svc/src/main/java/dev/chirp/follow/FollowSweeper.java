package dev.chirp.follow;

import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.store.events.MarkedPublish;
import dev.chirp.store.events.MarkedPublish.AwaitClear;
import dev.chirp.store.events.PeriodicSweep;
import dev.chirp.store.graph.FollowGraphWriter.PendingChange;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Publishes follows and unfollows the graph holds marked pending longer than {@code grace}: their event was never
 * acknowledged (the request's process died after the graph write, or Pulsar failed and the client never retried).
 * Each is published and its mark cleared after the acknowledgement, as a request does ({@link MarkedPublish}); a
 * failed publish leaves the mark for the next pass. The grace leaves a live request alone: a follow's mark dates
 * from the edge's {@code since}, an unfollow's from when it was marked. A pass takes at most {@code batch} of each.
 *
 * <p>Every follow-svc instance sweeps the whole graph. Two sweeping at once (or a sweep racing a client's retry)
 * may both publish one change: the fan-out applies Followed/Unfollowed checked against the graph's current state,
 * so a duplicate, or one arriving after a newer change's event, changes nothing. A follow's mark is cleared only
 * if the edge is still the one swept (same {@code since}), so a follow remade meanwhile keeps its own mark.
 */
final class FollowSweeper {
  /** The pending changes in the graph (Neo4j) and how their marks are cleared. */
  interface PendingChanges {
    Future<List<PendingChange>> pendingFollows(Instant before, int limit);

    Future<List<PendingChange>> pendingUnfollows(Instant before, int limit);

    Future<Void> followSwept(PendingChange follow);

    Future<Void> unfollowPublished(long follower, long followee);
  }

  /** Publishes this many at a time; a failed one stays marked for the next pass. */
  private static final int PARALLEL = 16;
  private final PendingChanges pending;
  private final Follows.Events events;
  private final Duration grace;
  private final int batch;
  private final Clock clock;

  FollowSweeper(PendingChanges pending, Follows.Events events, Duration grace, int batch, Clock clock) {
    this.pending = pending;
    this.events = events;
    this.grace = grace;
    this.batch = batch;
    this.clock = clock;
  }

  /** One pass; completes with how many events it published. */
  Future<Integer> sweep() {
    Instant before = clock.instant().minus(grace);
    Future<Integer> follows = pending.pendingFollows(before, batch).compose(found -> PeriodicSweep.inBatches(found, PARALLEL,
        change -> MarkedPublish.publish(events, new Followed(change.follower(), change.followee()),
            () -> pending.followSwept(change), AwaitClear.YES)));
    return follows.compose(followed -> pending.pendingUnfollows(before, batch).compose(found -> PeriodicSweep.inBatches(found,
            PARALLEL, change -> MarkedPublish.publish(events, new Unfollowed(change.follower(), change.followee()),
                () -> pending.unfollowPublished(change.follower(), change.followee()), AwaitClear.YES)))
        .map(unfollowed -> followed + unfollowed));
  }
}
