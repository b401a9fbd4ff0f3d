package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Home timelines in memory, newest id first, each id once. As in Redis, only active users have a timeline, and
 * writes to a user without one are skipped. The cap is the timelines store's business, not modelled here.
 */
final class FakeHomeTimelines implements HomeTimelines {
  private final Map<Long, List<Long>> timelines = new HashMap<>();
  private final Map<Long, Long> celebrities = new HashMap<>();
  private final List<long[]> pushes = new ArrayList<>();
  private long pushedToUser;
  private Runnable beforePushToUser;

  /** Runs {@code action} once, just before the next push to the user is written: what another worker does meanwhile. */
  void beforeNextPushTo(long userId, Runnable action) {
    pushedToUser = userId;
    beforePushToUser = action;
  }

  /** The users get an empty timeline, as when they read theirs. */
  void activate(long... userIds) {
    for (long userId : userIds) timelines.putIfAbsent(userId, new ArrayList<>());
  }

  /** An active user whose timeline already holds these ids. */
  void put(long userId, List<Long> tweetIds) {
    activate(userId);
    merge(userId, tweetIds);
  }

  List<Long> of(long userId) {
    return List.copyOf(timelines.getOrDefault(userId, List.of()));
  }

  boolean has(long userId) {
    return timelines.containsKey(userId);
  }

  /** The users of each push, in the order they came. */
  List<long[]> pushes() {
    return pushes;
  }

  /** Author → the tweet id last recorded as not fanned out. */
  Map<Long, Long> celebrities() {
    return celebrities;
  }

  @Override
  public Future<Long> push(long tweetId, long[] userIds) {
    if (beforePushToUser != null && Arrays.stream(userIds).anyMatch(id -> id == pushedToUser)) {
      Runnable meanwhile = beforePushToUser;
      beforePushToUser = null;
      meanwhile.run();
    }
    pushes.add(userIds.clone());
    long written = 0;
    for (long userId : userIds) {
      List<Long> timeline = timelines.get(userId);
      if (timeline != null && !timeline.contains(tweetId)) {
        timeline.add(tweetId);
        timeline.sort(Comparator.reverseOrder());
        written++;
      }
    }
    return Future.succeededFuture(written);
  }

  @Override
  public Future<Long> remove(long[] userIds, List<Long> tweetIds) {
    long removed = 0;
    for (long userId : userIds) {
      List<Long> timeline = timelines.get(userId);
      if (timeline != null) for (Long tweetId : tweetIds) if (timeline.remove(tweetId)) removed++;
    }
    return Future.succeededFuture(removed);
  }

  @Override
  public Future<Long> merge(long userId, List<Long> tweetIds) {
    List<Long> timeline = timelines.get(userId);
    if (timeline == null) return Future.succeededFuture(0L);
    tweetIds.stream().filter(id -> !timeline.contains(id)).forEach(timeline::add);
    timeline.sort(Comparator.reverseOrder());
    return Future.succeededFuture((long) timeline.size());
  }

  @Override
  public Future<Void> markCelebrity(long authorId, long skippedTweetId) {
    celebrities.put(authorId, skippedTweetId);
    return Future.succeededFuture();
  }
}
