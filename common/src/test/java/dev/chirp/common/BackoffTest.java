package dev.chirp.common;

import dev.chirp.common.engines.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
  @Test
  void delaysDoubleFromAHundredMillisecondsUpToFiveSeconds() {
    assertThat(Backoff.delayMillis(0)).isZero();
    assertThat(Backoff.delayMillis(1)).isEqualTo(100);
    assertThat(Backoff.delayMillis(2)).isEqualTo(200);
    assertThat(Backoff.delayMillis(6)).isEqualTo(3200);
    assertThat(Backoff.delayMillis(7)).isEqualTo(5000);
    assertThat(Backoff.delayMillis(1000)).isEqualTo(5000);
  }

  @Test
  void conflictDelaysAreShortJitteredAndCapped() {
    for (int i = 0; i < 100; i++) {
      assertThat(Backoff.conflictDelayMillis(1)).isBetween(1L, 2L);
      assertThat(Backoff.conflictDelayMillis(3)).isBetween(4L, 8L);
      assertThat(Backoff.conflictDelayMillis(50)).isBetween(50L, 100L);
    }
  }

  @Test
  void conflictsAreRetriedOnlyWhileRetryableAndAtMostNTimes() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger attempts = new AtomicInteger();
      String result = Backoff.retryConflicts(vertx, 5, e -> e.getMessage().equals("deadlock"),
              () -> attempts.incrementAndGet() < 3 ? Future.failedFuture("deadlock") : Future.succeededFuture("done"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(result).isEqualTo("done");
      assertThat(attempts).hasValue(3);

      AtomicInteger tries = new AtomicInteger();
      Throwable gaveUp = Backoff.retryConflicts(vertx, 4, e -> true, () -> {
        tries.incrementAndGet();
        return Future.failedFuture("deadlock");
      }).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
      assertThat(gaveUp).hasMessageContaining("deadlock");
      assertThat(tries).hasValue(4);

      AtomicInteger once = new AtomicInteger();
      Backoff.retryConflicts(vertx, 4, e -> false, () -> {
        once.incrementAndGet();
        return Future.failedFuture("constraint");
      }).toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
      assertThat(once).hasValue(1);
    } finally {
      vertx.close();
    }
  }

  @Test
  void retriesUntilTheAttemptSucceeds() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger attempts = new AtomicInteger();
      String result = Backoff.retryUntilSuccess(vertx, "probe", () -> attempts.incrementAndGet() < 4
              ? Future.failedFuture("not yet") : Future.succeededFuture("done"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(result).isEqualTo("done");
      assertThat(attempts).hasValue(4);
    } finally {
      vertx.close();
    }
  }
}
