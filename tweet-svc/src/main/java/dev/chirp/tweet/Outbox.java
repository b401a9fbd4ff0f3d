package dev.chirp.tweet;

import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Publishing through the outbox: an event is published by whoever owns its outbox row (the request that wrote
 * it, or whoever later claims the row with a lightweight transaction), and the row is deleted only after
 * Pulsar acknowledged the event. A failed publish gives the row back, so a retry or the sweeper can take it.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private final OutboxRows rows;
  private final EventSink events;
  private final int nodeId;

  Outbox(OutboxRows rows, EventSink events, int nodeId) {
    this.rows = rows;
    this.events = events;
    this.nodeId = nodeId;
  }

  /** The created event of a tweet lives where the tweet's id says: its node and its second. */
  static UnpublishedEvent created(Tweet tweet, UUID owner) {
    return new UnpublishedEvent(SnowflakeIds.nodeOf(tweet.id()), tweet.createdAt().getEpochSecond(), tweet.id(),
        UnpublishedEvent.CREATED, tweet.authorId(), tweet.createdAt(), tweet.mentionIds(), owner);
  }

  UnpublishedEvent deleted(Tweet tweet, Instant now) {
    return new UnpublishedEvent(nodeId, now.getEpochSecond(), tweet.id(), UnpublishedEvent.DELETED, tweet.authorId(),
        tweet.createdAt(), tweet.mentionIds(), UUID.randomUUID());
  }

  Future<Optional<UnpublishedEvent>> createdEventOf(long tweetId) {
    return rows.event(SnowflakeIds.nodeOf(tweetId), SnowflakeIds.timeOf(tweetId).getEpochSecond(), tweetId,
        UnpublishedEvent.CREATED);
  }

  /** Whether events can be published right now: checked before storing anything that needs one. */
  boolean canPublish() {
    return events.connected();
  }

  /** Publishes an event whose row the caller wrote (and so owns). */
  Future<Void> publishOwned(UnpublishedEvent event) {
    return publishAndClear(event, false);
  }

  /** Claims the row and publishes it; false when someone else owns it or it is already published. */
  Future<Boolean> claimAndPublish(UnpublishedEvent event) {
    UUID claim = UUID.randomUUID();
    return rows.claim(event, claim).compose(won -> won
        ? publishAndClear(event.claimedBy(claim), true).map(true)
        : Future.succeededFuture(false));
  }

  private Future<Void> publishAndClear(UnpublishedEvent event, boolean claimedByTransaction) {
    return events.publish(event.event())
        .recover(failed -> rows.release(event).transform(released -> Future.failedFuture(failed)))
        .compose(acked -> {
          Future<Void> cleared = rows.published(event, claimedByTransaction).recover(e -> {
            // Acknowledged is what counts; the row left behind only makes the sweeper publish it once more.
            LOG.warn("event {} {} published but its outbox row stayed: {}", event.type(), event.tweetId(), e.getMessage());
            return Future.succeededFuture();
          });
          // The owner answers without waiting: its claim keeps everyone else off the row until it is gone.
          return claimedByTransaction ? cleared : Future.succeededFuture();
        });
  }
}
