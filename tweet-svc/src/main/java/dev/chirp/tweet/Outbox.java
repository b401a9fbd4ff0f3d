package dev.chirp.tweet;

import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.events.MarkedPublish;
import dev.chirp.store.events.MarkedPublish.AwaitClear;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Publishing through the outbox, tweet-svc's form of {@link MarkedPublish}: the outbox row is the pending mark. An
 * event is published by whoever owns its row (the request that wrote it, or whoever later claims the row with a
 * lightweight transaction), and the row is deleted only after Pulsar acknowledged the event. A failed publish gives
 * the row back, so a retry or the sweeper can take it — except a post's own, which is withdrawn instead
 * ({@link #publishOwnedOrWithdraw}). A row given back in a second the sweeper may have read already (older than
 * {@code graceSeconds}: its write landed late, or the publish took long) is re-filed under the current second, as
 * the sweeper reads each second once.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  /** Seconds of leeway against the sweeper when deciding whether a row's second may have been read already. */
  private static final long REFILE_MARGIN_SECONDS = 2;
  private final OutboxRows rows;
  private final EventSink events;
  private final int nodeId;
  private final Clock clock;
  private final long graceSeconds;

  Outbox(OutboxRows rows, EventSink events, int nodeId, Clock clock, long graceSeconds) {
    this.rows = rows;
    this.events = events;
    this.nodeId = nodeId;
    this.clock = clock;
    this.graceSeconds = graceSeconds;
  }

  /** An outbox whose sweeper reads a second 10 s after it (tests of what does not depend on time). */
  Outbox(OutboxRows rows, EventSink events, int nodeId) {
    this(rows, events, nodeId, Clock.systemUTC(), 10);
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

  /** Publishes an event whose row the caller wrote (and so owns); a failed publish gives the row back. */
  Future<Void> publishOwned(UnpublishedEvent event) {
    return MarkedPublish.publish(events::publish, event.event(), mark(event, false, true), AwaitClear.NO);
  }

  /**
   * Publishes the event of a change the caller just stored, and if that fails takes the change back
   * ({@code withdraw}, which removes the row too) so the failure the caller answers is true: nothing was posted. If
   * the withdrawal fails as well (Cassandra down too), the row is given back as by {@link #publishOwned}: the change
   * stays and is published later by a retry or the sweeper, although the caller was told it failed.
   */
  Future<Void> publishOwnedOrWithdraw(UnpublishedEvent event, Supplier<Future<Void>> withdraw) {
    MarkedPublish.Mark row = mark(event, false, true);
    return MarkedPublish.publish(events::publish, event.event(), new MarkedPublish.Mark() {
      @Override
      public Future<Void> clear() {
        return row.clear();
      }

      @Override
      public Future<Void> giveBack() {
        return withdraw.get().recover(e -> {
          LOG.warn("event {} {} not published and its change not withdrawn ({}): giving its outbox row back", event.type(),
              event.tweetId(), e.getMessage());
          return row.giveBack();
        });
      }
    }, AwaitClear.NO);
  }

  /**
   * Claims the row and publishes it; false when someone else owns it or it is already published. For the sweeper:
   * a failed publish gives the row back where it is, as the sweeper keeps reading a second that holds rows.
   */
  Future<Boolean> claimAndPublish(UnpublishedEvent event) {
    return claimAndPublish(event, false);
  }

  /** As {@link #claimAndPublish(UnpublishedEvent)}, for others than the sweeper: a late row is given back re-filed. */
  Future<Boolean> claimAndPublishRefilingLate(UnpublishedEvent event) {
    return claimAndPublish(event, true);
  }

  private Future<Boolean> claimAndPublish(UnpublishedEvent event, boolean refileLate) {
    UUID claim = UUID.randomUUID();
    return rows.claim(event, claim).compose(won -> won
        ? MarkedPublish.publish(events::publish, event.event(), mark(event.claimedBy(claim), true, refileLate), AwaitClear.YES)
            .map(true)
        : Future.succeededFuture(false));
  }

  /**
   * The row as a pending mark: cleared by deleting it; given back by releasing the claim, or, when the sweeper may
   * have read its second already, by re-filing it under the current second (released where it is if that fails).
   * The owner that wrote the row answers without waiting for the delete: its claim keeps everyone else off the row
   * until it is gone.
   */
  private MarkedPublish.Mark mark(UnpublishedEvent event, boolean claimedByTransaction, boolean refileLate) {
    return new MarkedPublish.Mark() {
      @Override
      public Future<Void> clear() {
        return rows.published(event, claimedByTransaction);
      }

      @Override
      public Future<Void> giveBack() {
        long now = clock.instant().getEpochSecond();
        if (!refileLate || event.second() > now - graceSeconds + REFILE_MARGIN_SECONDS) return rows.release(event);
        return rows.refile(event, now, claimedByTransaction).recover(e -> rows.release(event));
      }
    };
  }
}
