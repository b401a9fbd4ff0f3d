package dev.chirp.store.tweets;

import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An outbox row: an event whose change is stored but which Pulsar has not acknowledged yet, where it lives
 * ({@code nodeId}, {@code second}), and who is publishing it right now ({@code claimedBy}, null when nobody).
 */
public record UnpublishedEvent(int nodeId, long second, long tweetId, String type, long authorId, Instant createdAt,
                        List<Long> mentionIds, UUID claimedBy) {
  public static final String CREATED = "TweetCreated";
  public static final String DELETED = "TweetDeleted";

  public UnpublishedEvent {
    mentionIds = List.copyOf(mentionIds);
  }

  public ChirpEvent event() {
    return CREATED.equals(type) ? new TweetCreated(tweetId, authorId, createdAt, mentionIds) : new TweetDeleted(tweetId, authorId, mentionIds);
  }

  public UnpublishedEvent claimedBy(UUID claim) {
    return new UnpublishedEvent(nodeId, second, tweetId, type, authorId, createdAt, mentionIds, claim);
  }
}
