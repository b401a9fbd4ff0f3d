package dev.chirp.fanout;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Authors' follower ids, streamed from the follow graph and kept for the next tweet of the same author (the
 * graph read is the costlier half of a fan-out). Each kept list carries the author's {@link FollowerListVersions
 * version} it was read at: a follow event on any worker bumps that version, so every worker's kept list is used
 * only while nobody followed or unfollowed the author since, and a list read while the version moved is not kept.
 * The Followed event itself merges the author's recent tweets into the new follower's timeline (after the bump),
 * so no tweet is missed in between. Used from one Vert.x context only.
 */
final class FollowerLists {
  private record Kept(String version, long[] ids) {
  }

  /** Whom a tweet was handed to: every follower of the author as of one version of their follower list. */
  record Delivery(String version, long[] ids) {
  }

  private final FollowerIds followerIds;
  private final FollowerListVersions versions;
  private final int pageSize;
  private final Cache<Long, Kept> lists;

  /**
   * {@code cacheMaintenance} runs the cache's evictions: Caffeine's own default (the common pool) in production, the
   * caller's thread in tests, where an over-weight list must be gone as soon as it was put.
   */
  FollowerLists(FollowerIds followerIds, FollowerListVersions versions, int pageSize, long maxCachedIds, Duration maxAge,
                Executor cacheMaintenance) {
    this.followerIds = followerIds;
    this.versions = versions;
    this.pageSize = pageSize;
    this.lists = Caffeine.newBuilder().maximumWeight(maxCachedIds).weigher((Long author, Kept kept) -> kept.ids().length)
        .expireAfterWrite(maxAge).executor(cacheMaintenance).build();
  }

  /** Hands every follower id of the author to {@code onPage}, a page at a time; completes when all pages did. */
  Future<Void> forEachPage(long authorId, Function<long[], Future<?>> onPage) {
    return deliver(authorId, onPage).mapEmpty();
  }

  /**
   * As {@link #forEachPage}, and completes with the version the followers were read at and their ids: if the
   * version moved meanwhile, the caller can tell whom the pages went to.
   */
  Future<Delivery> deliver(long authorId, Function<long[], Future<?>> onPage) {
    return versions.current(authorId).compose(version -> {
      Kept kept = lists.getIfPresent(authorId);
      if (kept != null && kept.version().equals(version)) {
        return fromMemory(kept.ids(), 0, onPage).map(new Delivery(version, kept.ids()));
      }
      List<long[]> pages = new ArrayList<>();
      return followerIds.stream(authorId, pageSize, page -> {
        pages.add(page);
        return onPage.apply(page);
      }).compose(count -> versions.current(authorId).map(after -> {
        long[] all = new long[Math.toIntExact(count)];
        int at = 0;
        for (long[] page : pages) {
          System.arraycopy(page, 0, all, at, page.length);
          at += page.length;
        }
        if (after.equals(version)) lists.put(authorId, new Kept(version, all));
        return new Delivery(version, all);
      }));
    });
  }

  /** The author's follower-list version now. */
  Future<String> version(long authorId) {
    return versions.current(authorId);
  }

  /** How many followers the author had when their kept list was read, if one is kept. */
  OptionalInt cachedCount(long authorId) {
    Kept kept = lists.getIfPresent(authorId);
    return kept == null ? OptionalInt.empty() : OptionalInt.of(kept.ids().length);
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

  /** The author gained or lost a follower: completes once every worker's kept list of them is stale. */
  Future<String> invalidate(long authorId) {
    lists.invalidate(authorId);
    return versions.bump(authorId);
  }
}
