package dev.chirp.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Authors' follower ids, streamed from the follow graph and kept for the next tweet of the same author (the
 * graph read is the costlier half of a fan-out). A follow event for an author drops its list, and a list read
 * while such an event arrived is not kept, so the next tweet reads the graph again; the Followed event itself
 * merges the author's recent tweets into the new follower's timeline, so no tweet is missed in between.
 * Used from one Vert.x context only.
 */
final class FollowerLists {
  private final FollowerIds followerIds;
  private final int pageSize;
  private final Cache<Long, long[]> lists;
  /** Bumped by every follow event of an author: a list read across a bump may be stale and is not kept. */
  private final Map<Long, Long> generations = new HashMap<>();

  /**
   * {@code cacheMaintenance} runs the cache's evictions: Caffeine's own default (the common pool) in production, the
   * caller's thread in tests, where an over-weight list must be gone as soon as it was put.
   */
  FollowerLists(FollowerIds followerIds, int pageSize, long maxCachedIds, Duration maxAge, Executor cacheMaintenance) {
    this.followerIds = followerIds;
    this.pageSize = pageSize;
    this.lists = Caffeine.newBuilder().maximumWeight(maxCachedIds).weigher((Long author, long[] ids) -> ids.length)
        .expireAfterWrite(maxAge).executor(cacheMaintenance).build();
  }

  /** Hands every follower id of the author to {@code onPage}, a page at a time; completes when all pages did. */
  Future<Void> forEachPage(long authorId, Function<long[], Future<?>> onPage) {
    long[] cached = lists.getIfPresent(authorId);
    if (cached != null) return fromMemory(cached, 0, onPage);
    long generation = generations.getOrDefault(authorId, 0L);
    List<long[]> pages = new ArrayList<>();
    return followerIds.stream(authorId, pageSize, page -> {
      pages.add(page);
      return onPage.apply(page);
    }).onSuccess(count -> {
      if (generations.getOrDefault(authorId, 0L) != generation) return;
      long[] all = new long[Math.toIntExact(count)];
      int at = 0;
      for (long[] page : pages) {
        System.arraycopy(page, 0, all, at, page.length);
        at += page.length;
      }
      lists.put(authorId, all);
    }).mapEmpty();
  }

  /** How many followers the author has, if their list is cached. */
  OptionalInt cachedCount(long authorId) {
    long[] cached = lists.getIfPresent(authorId);
    return cached == null ? OptionalInt.empty() : OptionalInt.of(cached.length);
  }

  /** Pages from memory, two in flight, so Redis always has the next one queued. */
  private Future<Void> fromMemory(long[] ids, int from, Function<long[], Future<?>> onPage) {
    if (from >= ids.length) return Future.succeededFuture();
    int second = Math.min(ids.length, from + pageSize);
    int third = Math.min(ids.length, second + pageSize);
    Future<?> first = onPage.apply(Arrays.copyOfRange(ids, from, second));
    Future<?> next = second < third ? onPage.apply(Arrays.copyOfRange(ids, second, third)) : Future.succeededFuture();
    return Future.all(first, next).compose(v -> fromMemory(ids, third, onPage));
  }

  /** The author gained or lost a follower. */
  void invalidate(long authorId) {
    generations.merge(authorId, 1L, Long::sum);
    lists.invalidate(authorId);
  }
}
