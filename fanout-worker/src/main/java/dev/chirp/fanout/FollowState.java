package dev.chirp.fanout;

import io.vertx.core.Future;

/** Whether one user follows another now, as the follow graph says. */
interface FollowState {
  Future<Boolean> follows(long followerId, long followeeId);
}
