package dev.chirp.store.events;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicSweepTest {
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aPassStillRunningIsNotOverlappedAndPublishedEventsAreCounted() {
    AtomicInteger passes = new AtomicInteger();
    Promise<Integer> first = Promise.promise();
    PeriodicSweep sweep = new PeriodicSweep(vertx, "test", 60_000, metrics, "chirp_test_swept_events", () -> {
      passes.incrementAndGet();
      return passes.get() == 1 ? first.future() : Future.succeededFuture(0);
    });
    Future<Integer> running = sweep.sweepNow();
    assertThat(sweep.sweepNow()).isSameAs(running);
    assertThat(passes).hasValue(1);

    first.complete(3);
    assertThat(metrics.counter("chirp_test_swept_events").count()).isEqualTo(3);
    sweep.sweepNow();
    assertThat(passes).hasValue(2);
  }

  @Test
  void aFailedPassIsFollowedByTheNext() {
    AtomicInteger passes = new AtomicInteger();
    PeriodicSweep sweep = new PeriodicSweep(vertx, "test", 60_000, metrics, "chirp_test_swept_events", () -> {
      if (passes.incrementAndGet() == 1) throw new IllegalStateException("boom");
      return Future.succeededFuture(1);
    });
    assertThat(sweep.sweepNow().failed()).isTrue();
    assertThat(sweep.sweepNow().result()).isEqualTo(1);
    assertThat(passes).hasValue(2);
  }
}
