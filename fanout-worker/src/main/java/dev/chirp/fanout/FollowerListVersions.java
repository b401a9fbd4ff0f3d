package dev.chirp.fanout;

import io.vertx.core.Future;

/**
 * A version per author's follower list, shared by every worker process: a follow event may be consumed by another
 * worker than the one that caches the followee's list (follow events are keyed by the follower), so the list is
 * kept only together with the version it was read at and used only while that version is current.
 */
interface FollowerListVersions {
  /** The author's version now: equal to an earlier one only if their followers did not change since. */
  Future<String> current(long authorId);

  /** The author gained or lost a follower: every cached list of their followers is stale from now on. */
  Future<String> bump(long authorId);
}
