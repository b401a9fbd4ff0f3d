package dev.chirp.store.events;

import dev.chirp.common.events.ChirpEvent;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reliable-publish pattern of the services that publish (tweet-svc's outbox, follow-svc's pending graph
 * changes): a change is stored <em>marked pending</em> first, its event is published, and the mark is cleared only
 * after the broker acknowledged the event. A failed publish leaves the mark (or gives it back, {@link Mark#giveBack}),
 * so a client retry or the service's sweeper ({@link PeriodicSweep}) publishes it later. A mark whose clear failed
 * after the acknowledgement only makes the sweeper publish the event once more: consumers apply events idempotently.
 */
public final class MarkedPublish {
  private static final Logger LOG = LoggerFactory.getLogger(MarkedPublish.class);

  /** Where events go; completes once the broker acknowledged (an {@link EventPublisher}'s {@code publish}). */
  @FunctionalInterface
  public interface Publisher {
    Future<?> publish(ChirpEvent event);
  }

  /** The pending mark of one stored change. */
  public interface Mark {
    /** The event was acknowledged: remove the mark. */
    Future<Void> clear();

    /** The publish failed: hand the mark back so a retry or the sweeper can take it (nothing when it simply stays). */
    default Future<Void> giveBack() {
      return Future.succeededFuture();
    }
  }

  /** Whether the caller waits for the mark's clear, or only for the acknowledgement. */
  public enum AwaitClear { YES, NO }

  private MarkedPublish() {
  }

  /**
   * Publishes the event of a change stored marked pending and clears the mark once it was acknowledged. Fails with
   * the publish's failure after the mark was given back (a failed give-back is logged: the mark stays as it was).
   * Succeeds once acknowledged, even if the clear failed (logged), and with {@link AwaitClear#NO} without waiting for it.
   */
  public static Future<Void> publish(Publisher publisher, ChirpEvent event, Mark mark, AwaitClear await) {
    Future<?> sent;
    try {
      sent = publisher.publish(event);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.recover(failed -> mark.giveBack().transform(given -> {
          if (given.failed()) {
            LOG.warn("{} not published and its pending mark not given back: {}", describe(event), given.cause().getMessage());
          }
          return Future.failedFuture(failed);
        }))
        .compose(acked -> {
          Future<Void> cleared = mark.clear().recover(e -> {
            LOG.warn("{} published but its pending mark stayed (the sweeper publishes it again): {}", describe(event),
                e.getMessage());
            return Future.succeededFuture();
          });
          return await == AwaitClear.YES ? cleared : Future.succeededFuture();
        });
  }

  private static String describe(ChirpEvent event) {
    return event.getClass().getSimpleName() + " " + event.key();
  }
}
