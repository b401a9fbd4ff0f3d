package dev.chirp.tweet;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;

/** Runs the node's outbox sweeper: once per process, since it owns the node's sweep cursor. */
final class OutboxSweeperVerticle extends VerticleBase {
  private final TweetServiceWiring wiring;
  private OutboxSweeper sweeper;

  OutboxSweeperVerticle(TweetServiceWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Future<?> start() {
    sweeper = new OutboxSweeper(vertx, wiring.store, wiring.outbox, wiring.config.integer("node.id"),
        wiring.config.longValue("outbox.grace-seconds"), Clock.systemUTC(), wiring.metrics);
    sweeper.start(wiring.config.longValue("outbox.sweep-interval-ms"));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) sweeper.stop();
    return Future.succeededFuture();
  }
}
