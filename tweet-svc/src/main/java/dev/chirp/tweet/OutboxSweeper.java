package dev.chirp.tweet;

import dev.chirp.store.events.PeriodicSweep;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes events that were stored but never acknowledged (the process died after the Cassandra write, or
 * Pulsar failed and nobody retried). Reads this node's outbox second by second, each second once after it is
 * {@code graceSeconds} old, and remembers seconds that still hold rows to try them again on each sweep. The
 * cursor before which every second is clean is stored, so a restarted node starts where it left off, and every pass
 * beats for the node, so a node that stopped for good is noticed and its outbox adopted ({@link OutboxAdoption}).
 * A sweeper starting (a restart, or an adopted outbox) reads {@code restartLookbackSeconds} behind the saved cursor
 * again: a row whose write landed after its second was read (a slow coordinator, a paused process that then died)
 * is found there. {@link OutboxSweeperVerticle} runs the sweeps.
 */
final class OutboxSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeper.class);
  /** Catching up after a long stop happens over several sweeps rather than one huge burst. */
  static final int MAX_SECONDS_PER_SWEEP = 3600;
  private static final int PARALLEL_READS = 32;
  /** How far back a node that never swept starts (covers posts just before its first sweep). */
  static final long FIRST_LOOKBACK_SECONDS = 60;

  private final OutboxRows rows;
  private final SweepCursors cursors;
  private final Outbox outbox;
  private final int nodeId;
  private final long graceSeconds;
  private final Clock clock;
  private final long restartLookbackSeconds;
  private final TreeSet<Long> secondsWithRows = new TreeSet<>();
  private Long scannedUntil;
  private long savedCleanBefore = -1;

  OutboxSweeper(OutboxRows rows, SweepCursors cursors, Outbox outbox, int nodeId, long graceSeconds,
                long restartLookbackSeconds, Clock clock) {
    this.rows = rows;
    this.cursors = cursors;
    this.outbox = outbox;
    this.nodeId = nodeId;
    this.graceSeconds = graceSeconds;
    this.clock = clock;
    this.restartLookbackSeconds = restartLookbackSeconds;
  }

  /** One pass: find rows in newly old-enough seconds, publish every row found so far, advance the cursor; how many it published. */
  Future<Integer> sweep() {
    long now = clock.instant().getEpochSecond();
    Future<Long> from = scannedUntil != null ? Future.succeededFuture(scannedUntil)
        : cursors.initialise(nodeId, now - Math.max(graceSeconds, FIRST_LOOKBACK_SECONDS)).map(c -> c - restartLookbackSeconds);
    AtomicInteger published = new AtomicInteger();
    return from.compose(start -> {
      long end = Math.min(now - graceSeconds, start + MAX_SECONDS_PER_SWEEP);
      List<Long> seconds = new ArrayList<>(secondsWithRows);
      for (long s = start; s < end; s++) seconds.add(s);
      return PeriodicSweep.inBatches(seconds, PARALLEL_READS, second -> publishAt(second, published))
          .map(v -> Math.max(start, end));
    }).compose(end -> {
      scannedUntil = end;
      long cleanBefore = secondsWithRows.isEmpty() ? end : Math.min(end, secondsWithRows.first());
      if (cleanBefore == savedCleanBefore) return Future.succeededFuture();
      return cursors.save(nodeId, cleanBefore).onSuccess(v -> savedCleanBefore = cleanBefore);
    }).compose(v -> cursors.beat(nodeId, clock.instant())).map(v -> published.get());
  }

  /** Whether every second old enough was read and none still holds a row: an adopted outbox is done. */
  boolean caughtUp() {
    return scannedUntil != null && scannedUntil >= clock.instant().getEpochSecond() - graceSeconds - 1
        && secondsWithRows.isEmpty();
  }

  private Future<Void> publishAt(long second, AtomicInteger published) {
    // Until a second was read successfully it counts as holding rows: the cursor must not pass it.
    secondsWithRows.add(second);
    return rows.eventsAt(nodeId, second).compose(events -> {
      if (events.isEmpty()) {
        secondsWithRows.remove(second);
        return Future.succeededFuture();
      }
      List<Future<Boolean>> attempts = events.stream().filter(e -> e.claimedBy() == null).map(e -> outbox.claimAndPublish(e)
          .onSuccess(done -> {
            if (done) {
              published.incrementAndGet();
              LOG.info("published stored event {} of tweet {} from the outbox", e.type(), e.tweetId());
            }
          })).toList();
      return Future.join(attempts).mapEmpty();
    });
  }
}
