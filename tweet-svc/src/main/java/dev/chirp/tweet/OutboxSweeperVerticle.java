package dev.chirp.tweet;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Runs the node's outbox sweeper every {@code outbox.sweep-interval-ms}: once per process, since it owns the
 * node's sweep cursor. A sweep still running when the next is due is not overlapped but skipped.
 */
final class OutboxSweeperVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeperVerticle.class);
  private final TweetServiceWiring wiring;
  private OutboxSweeper sweeper;
  private boolean sweeping;
  private long timer = -1;

  OutboxSweeperVerticle(TweetServiceWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Future<?> start() {
    sweeper = new OutboxSweeper(wiring.store, wiring.store, wiring.outbox, wiring.config.integer("node.id"),
        wiring.config.longValue("outbox.grace-seconds"), Clock.systemUTC(), wiring.metrics);
    sweepNow();
    timer = vertx.setPeriodic(wiring.config.longValue("outbox.sweep-interval-ms"), t -> sweepNow());
    return Future.succeededFuture();
  }

  private void sweepNow() {
    if (sweeping) return;
    sweeping = true;
    sweeper.sweep().onComplete(done -> {
      sweeping = false;
      if (done.failed()) LOG.debug("outbox sweep stopped early: {}", done.cause().getMessage());
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
