package dev.chirp.store.timelines;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * Which tweet ids belong in a user's home timeline: the one rule the fan-out worker writes by and a rebuild
 * reproduces. A timeline holds the newest {@link #cap()} ids of the tweets of the user, of everyone the user
 * follows, and of the tweets that mention the user. Authors with more followers than the celebrity threshold are
 * not fanned out to their followers; their tweets are merged in when a timeline is read.
 */
public final class TimelineMembership {
  private final int cap;

  public TimelineMembership(int cap) {
    if (cap < 1) throw new IllegalArgumentException("a timeline holds at least one id, cap was " + cap);
    this.cap = cap;
  }

  public int cap() {
    return cap;
  }

  /** Whose timelines a new tweet reaches whatever the graph says: its author's and each mentioned user's. */
  public static long[] authorAndMentioned(long authorId, List<Long> mentionIds) {
    return LongStream.concat(LongStream.of(authorId), mentionIds.stream().mapToLong(Long::longValue)).distinct().toArray();
  }

  /** Whether an author's tweets are pushed to their followers (else merged at read time). */
  public static boolean fannedOutToFollowers(long followerCount, long celebrityThreshold) {
    return followerCount <= celebrityThreshold;
  }

  /**
   * How many of an author's newest tweets can stand in a timeline: a follow merges that many into the follower's
   * timeline and an unfollow takes that many out, since no older one can be there.
   */
  public int authorWindow() {
    return cap;
  }

  /** After an unfollow, the followee's tweets that mention the follower stay: mentions belong regardless. */
  public static boolean staysAfterUnfollow(long followerId, List<Long> mentionIds) {
    return mentionIds.contains(followerId);
  }

  /**
   * A whole timeline from its sources (each followee's and the user's own newest tweet ids, the newest ids of
   * tweets mentioning the user): newest first, each id once, at most {@link #cap()}.
   */
  public List<Long> timelineOf(Collection<List<Long>> sources) {
    TreeSet<Long> ids = new TreeSet<>(Comparator.reverseOrder());
    sources.forEach(ids::addAll);
    List<Long> capped = new ArrayList<>(Math.min(ids.size(), cap));
    for (Long id : ids) {
      if (capped.size() == cap) break;
      capped.add(id);
    }
    return capped;
  }

  /** Whose tweets a rebuild reads: everyone the user follows, and the user. */
  public static List<Long> authorsOf(long userId, List<Long> followeeIds) {
    List<Long> authors = new ArrayList<>(followeeIds.size() + 1);
    authors.addAll(followeeIds);
    authors.add(userId);
    return authors;
  }
}
