package dev.chirp.tweet;

import dev.chirp.common.id.NodeRange;
import dev.chirp.store.events.PeriodicSweep;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Runs the node's outbox sweeper every {@code outbox.sweep-interval-ms} ({@link PeriodicSweep}, shared with
 * follow-svc's sweeper): once per process, since it owns the node's sweep cursor. A sweep still running when the
 * next is due is not overlapped but skipped. Every
 * {@code outbox.adopt-check-ms} it also adopts the outboxes of nodes that went silent and sweeps each until clean.
 */
final class OutboxSweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeperVerticle.class);
  private final TweetServiceWiring wiring;
  /** Passes over an adopted outbox before it is left for the next check (each pass reads up to an hour of it). */
  private static final int MAX_ADOPTED_PASSES = 48;
  static final String SWEPT_METRIC = "chirp_outbox_swept_events";
  private PeriodicSweep sweep;
  private Counter swept;
  private OutboxAdoption adoption;
  private final Set<Integer> adopted = new HashSet<>();
  private long adoptionTimer = -1;

  OutboxSweeperVerticle(TweetServiceWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Future<?> start() {
    OutboxSweeper sweeper = sweeperOf(wiring.nodeId);
    sweep = new PeriodicSweep(vertx, "outbox", wiring.config.longValue("outbox.sweep-interval-ms"), wiring.metrics,
        SWEPT_METRIC, sweeper::sweep);
    swept = PeriodicSweep.publishedCounter(wiring.metrics, SWEPT_METRIC);
    sweep.start();
    adoption = new OutboxAdoption(wiring.store, NodeRange.TWEET_SVC, wiring.nodeId,
        Duration.ofSeconds(wiring.config.longValue("outbox.adopt-after-seconds")), Clock.systemUTC());
    adoptionTimer = vertx.setPeriodic(wiring.config.longValue("outbox.adopt-check-ms"), t -> adoptSilentNodes());
    return Future.succeededFuture();
  }

  private void adoptSilentNodes() {
    adoption.adoptSilentNodes().onSuccess(nodes -> nodes.stream().filter(adopted::add).forEach(node -> {
      LOG.info("node {} went silent: sweeping its outbox", node);
      OutboxSweeper orphan = sweeperOf(node);
      sweepUntilClean(orphan, MAX_ADOPTED_PASSES).onComplete(done -> {
        adopted.remove(node);
        if (done.failed()) LOG.info("adopted outbox of node {} not clean yet: {}", node, done.cause().getMessage());
      });
    }));
  }

  private OutboxSweeper sweeperOf(int node) {
    return new OutboxSweeper(wiring.store, wiring.store, wiring.outbox, node, wiring.config.longValue("outbox.grace-seconds"),
        wiring.config.longValue("outbox.restart-lookback-seconds"), Clock.systemUTC());
  }

  private Future<Void> sweepUntilClean(OutboxSweeper orphan, int passesLeft) {
    return orphan.sweep().onSuccess(n -> swept.increment(n)).compose(v -> orphan.caughtUp() || passesLeft <= 1 ? Future.succeededFuture()
        : sweepUntilClean(orphan, passesLeft - 1));
  }

  @Override
  public Future<?> stop() {
    if (sweep != null) sweep.stop();
    if (adoptionTimer >= 0) vertx.cancelTimer(adoptionTimer);
    return Future.succeededFuture();
  }
}
