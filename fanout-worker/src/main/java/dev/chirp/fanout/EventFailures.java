package dev.chirp.fanout;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import org.apache.pulsar.client.api.PulsarClientException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * How the worker tells an event that can never be applied from a dependency that cannot answer now.
 * <ul>
 *   <li><b>Poison</b> ({@link #readable}): bytes that are not a known event of a version this code reads, or an event
 *   whose ids can name nothing (not positive) or that makes no sense (a user following themselves). No retry can
 *   change that: dead-lettered at once.</li>
 *   <li><b>Outage</b> ({@link #isOutage}): a store or Pulsar unavailable, timing out, refusing writes for now
 *   (every store adapter turns those into a 503 {@link ApiException}), or the connection failing. The event waits
 *   for the dependency for as long as it takes, and is never dead-lettered for it.</li>
 *   <li>Anything else is a <b>rejection</b>: a store that answers, and answers no (a Redis error reply such as
 *   WRONGTYPE, a query the database refuses), or a defect in this code. Tried a few times, then dead-lettered with its
 *   error, to be replayed once the cause is mended.</li>
 * </ul>
 * Users or tweets an event names that are not (or no longer) in the stores are not failures at all: a fan-out to
 * nobody, a merge of nothing.
 */
final class EventFailures {
  private EventFailures() {
  }

  /** The event in these bytes; {@link IllegalArgumentException} if it is poison. */
  static ChirpEvent readable(byte[] bytes) {
    ChirpEvent event = ChirpEvent.fromBytes(bytes);
    if (event instanceof TweetCreated created) {
      positive("tweet_id", created.tweetId(), "author_id", created.authorId());
      positive("mention_ids", created.mentionIds());
    } else if (event instanceof TweetDeleted deleted) {
      positive("tweet_id", deleted.tweetId(), "author_id", deleted.authorId());
      positive("mention_ids", deleted.mentionIds());
    } else if (event instanceof Followed followed) {
      follow(followed.followerId(), followed.followeeId());
    } else if (event instanceof Unfollowed unfollowed) {
      follow(unfollowed.followerId(), unfollowed.followeeId());
    }
    return event;
  }

  /** Whether the failure means a dependency cannot answer now (wait for it) rather than that the event fails. */
  static boolean isOutage(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return (e instanceof ApiException api && api.status() == 503) || e instanceof PulsarClientException
        || e instanceof TimeoutException || e instanceof IOException;
  }

  private static void follow(long follower, long followee) {
    positive("follower_id", follower, "followee_id", followee);
    if (follower == followee) throw new IllegalArgumentException("a user cannot follow themselves: " + follower);
  }

  private static void positive(String name, long id, String otherName, long other) {
    if (id <= 0) throw new IllegalArgumentException(name + " is not a valid id: " + id);
    if (other <= 0) throw new IllegalArgumentException(otherName + " is not a valid id: " + other);
  }

  private static void positive(String name, List<Long> ids) {
    for (long id : ids) if (id <= 0) throw new IllegalArgumentException(name + " holds an invalid id: " + id);
  }
}
