package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.Optional;

/** How many followers an author has, per the follow graph: what decides whether the author is a celebrity. */
@FunctionalInterface
interface FollowerCounts {
  /** Empty when the graph does not know the author. */
  Future<Optional<Long>> of(long authorId);
}
