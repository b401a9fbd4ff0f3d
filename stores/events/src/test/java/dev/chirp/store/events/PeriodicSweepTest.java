package dev.chirp.store.events;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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

  @Test
  void inBatchesRunsABatchAtATimeGoesOnPastFailuresAndCountsTheSuccesses() {
    List<Promise<Void>> started = new ArrayList<>();
    Future<Integer> done = PeriodicSweep.inBatches(List.of(1, 2, 3, 4, 5), 2, item -> {
      Promise<Void> work = Promise.promise();
      started.add(work);
      return work.future();
    });
    assertThat(started).hasSize(2);
    started.get(0).complete();
    assertThat(started).as("the batch is not over yet").hasSize(2);
    started.get(1).fail("down");
    assertThat(started).hasSize(4);
    started.get(2).complete();
    started.get(3).complete();
    assertThat(started).hasSize(5);
    assertThat(done.isComplete()).isFalse();
    started.get(4).fail("down");
    assertThat(done.result()).isEqualTo(3);
  }
}
