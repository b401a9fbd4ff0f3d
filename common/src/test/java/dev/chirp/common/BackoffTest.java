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
