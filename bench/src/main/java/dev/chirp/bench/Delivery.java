package dev.chirp.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./chirp drill} found in the Redis home timelines, counted in (post, timeline) pairs: {@code missing},
 * a post that should be in a timeline and is not; {@code extra}, a post that is in a timeline whose owner does not
 * follow its author (any more); {@code duplicated}, copies beyond the first. Pure: the timelines are read elsewhere.
 */
record Delivery(long missing, long extra, long duplicated) {
  static final Delivery NONE = new Delivery(0, 0, 0);

  Delivery plus(Delivery other) {
    return new Delivery(missing + other.missing, extra + other.extra, duplicated + other.duplicated);
  }

  /** Every expected post where it belongs, none where it does not (duplicates do not go away by waiting). */
  boolean converged() {
    return missing == 0 && extra == 0;
  }

  /**
   * Follows that did not change during the drill: each accepted post (tweet id to author id) in the timeline of
   * each of its author's followers ({@code followersOf}, by author id), once. {@code timelines} by follower id.
   */
  static Delivery ofStaticFollows(Map<Long, Long> accepted, Map<Long, List<Long>> followersOf, Map<Long, List<Long>> timelines) {
    Delivery delivery = NONE;
    for (Map.Entry<Long, Long> tweet : accepted.entrySet()) {
      for (long follower : followersOf.getOrDefault(tweet.getValue(), List.of())) {
        long copies = copies(timelines.getOrDefault(follower, List.of())).getOrDefault(tweet.getKey(), 0L);
        delivery = delivery.plus(new Delivery(copies == 0 ? 1 : 0, 0, Math.max(0, copies - 1)));
      }
    }
    return delivery;
  }

  /**
   * A follow that changed during the drill, judged by its final state: the timeline holds each of the author's
   * accepted posts ({@code authorPosts}) once if the follower {@code follows} the author at the end, and none of
   * them if not.
   */
  static Delivery ofFinalFollow(Collection<Long> authorPosts, boolean follows, List<Long> timeline) {
    Map<Long, Long> copies = copies(timeline);
    long missing = 0;
    long extra = 0;
    long duplicated = 0;
    for (long post : authorPosts) {
      long n = copies.getOrDefault(post, 0L);
      if (follows && n == 0) missing++;
      if (!follows && n > 0) extra++;
      duplicated += Math.max(0, n - 1);
    }
    return new Delivery(missing, extra, duplicated);
  }

  private static Map<Long, Long> copies(List<Long> timeline) {
    Map<Long, Long> copies = new HashMap<>();
    timeline.forEach(id -> copies.merge(id, 1L, Long::sum));
    return copies;
  }
}
