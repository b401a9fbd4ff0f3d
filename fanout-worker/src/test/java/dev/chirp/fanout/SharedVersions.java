package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/** Follower-list versions in memory, shared by the FollowerLists of several simulated workers. */
final class SharedVersions implements FollowerListVersions {
  private final Map<Long, Long> versions = new HashMap<>();

  @Override
  public Future<String> current(long authorId) {
    return Future.succeededFuture("v" + versions.getOrDefault(authorId, 0L));
  }

  @Override
  public Future<String> bump(long authorId) {
    return Future.succeededFuture("v" + versions.merge(authorId, 1L, Long::sum));
  }
}
