package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.List;

/**
 * The home timelines, as the fan-out writes them. Only users who have a timeline (active users) are written to,
 * and every write is idempotent: a timeline holds an id at most once, removing an absent id does nothing.
 */
interface HomeTimelines {
  /** Writes the tweet id into the timelines of those users who have one; completes with how many got it. */
  Future<Long> push(long tweetId, long[] userIds);

  /** Removes the tweet ids from these users' timelines; completes with how many entries went. */
  Future<Long> remove(long[] userIds, List<Long> tweetIds);

  /** Merges the tweet ids into the user's timeline (in order, within its cap), if the user has one. */
  Future<Long> merge(long userId, List<Long> tweetIds);

  /** Records that the author's tweet was not fanned out: readers merge a celebrity's tweets in when they read. */
  Future<Void> markCelebrity(long authorId, long skippedTweetId);
}
