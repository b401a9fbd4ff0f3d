package dev.chirp.tweet;

import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox as publishing reads and changes it: rows of events whose change is stored but which were not
 * acknowledged yet, kept per node and second, each owned by at most one publisher at a time.
 */
interface OutboxRows {
  Future<Optional<UnpublishedEvent>> event(int nodeId, long second, long tweetId, String type);

  Future<List<UnpublishedEvent>> eventsAt(int nodeId, long second);

  /** Whether this caller now owns publishing the event: nobody else did, and it is still unpublished. */
  Future<Boolean> claim(UnpublishedEvent event, UUID claim);

  /** Gives the row back, if {@code event.claimedBy()} still owns it. */
  Future<Void> release(UnpublishedEvent event);

  /**
   * Moves the row to {@code second}, unclaimed (new row first, then the old one removed as by {@link #published}):
   * a row given back in a second the sweeper may have read already.
   */
  Future<Void> refile(UnpublishedEvent event, long second, boolean claimedByTransaction);

  /**
   * Removes the row of an acknowledged event. {@code claimedByTransaction}: the owner's claim came from
   * {@link #claim} rather than from writing the row.
   */
  Future<Void> published(UnpublishedEvent event, boolean claimedByTransaction);
}
