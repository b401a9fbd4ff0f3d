package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/** Follower-list versions in memory, shared by the FollowerLists of several simulated workers. */
final class SharedVersions implements FollowerListVersions {
  private final Map<Long, Long> versions = new HashMap<>();

  @Override
  public Future<Long> current(long authorId) {
    return Future.succeededFuture(versions.getOrDefault(authorId, 0L));
  }

  @Override
  public Future<Long> bump(long authorId) {
    return Future.succeededFuture(versions.merge(authorId, 1L, Long::sum));
  }
}
