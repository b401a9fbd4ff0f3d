package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.function.Function;

/** Where an author's follower ids come from: the follow graph, read in pages. */
@FunctionalInterface
interface FollowerIds {
  /**
   * Hands every follower id of the author to {@code onPage} in pages of up to {@code pageSize}, in no particular
   * order, each page once the previous page's future completed; completes with how many ids there were.
   */
  Future<Long> stream(long authorId, int pageSize, Function<long[], Future<?>> onPage);
}
