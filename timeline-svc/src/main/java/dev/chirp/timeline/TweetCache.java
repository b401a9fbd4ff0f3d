package dev.chirp.timeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetReader;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tweets by id for timeline pages, kept in memory: a tweet never changes after it is posted, except that it may
 * be deleted — so every read asks the store which of the cached tweets were deleted (one partition read per day
 * of ids instead of one per tweet) and a deleted tweet never shows, however long its id stays cached.
 */
final class TweetCache {
  private final TweetReader store;
  private final Cache<Long, Tweet> tweets;

  TweetCache(TweetReader store, long maxTweets) {
    this.store = store;
    this.tweets = Caffeine.newBuilder().maximumSize(maxTweets).build();
  }

  /** The tweets among {@code ids} that exist and are not deleted. */
  Future<Map<Long, Tweet>> tweets(List<Long> ids) {
    Map<Long, Tweet> cached = tweets.getAllPresent(ids);
    List<Long> missing = new ArrayList<>(ids.size() - cached.size());
    for (Long id : ids) if (!cached.containsKey(id)) missing.add(id);
    Future<Map<Long, Tweet>> read = missing.isEmpty() ? Future.succeededFuture(Map.of())
        : store.tweets(missing).onSuccess(tweets::putAll);
    Future<Set<Long>> deleted = cached.isEmpty() ? Future.succeededFuture(Set.of()) : store.deletedAmong(cached.keySet());
    return Future.all(read, deleted).map(both -> {
      Map<Long, Tweet> found = new HashMap<>(cached);
      for (Long id : deleted.result()) {
        found.remove(id);
        tweets.invalidate(id);
      }
      found.putAll(read.result());
      return found;
    });
  }
}
