package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;
import io.vertx.core.Future;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Outcomes of futures in tests: the fakes answer at once, so most futures are complete when returned. */
final class Futures {
  private Futures() {
  }

  static <T> T resultOf(Future<T> future) {
    assertThat(future.isComplete()).as("completed").isTrue();
    assertThat(future.cause()).as("failure").isNull();
    return future.result();
  }

  /** The API error the future failed with. */
  static ApiException errorOf(Future<?> future) {
    assertThat(future.isComplete()).as("completed").isTrue();
    assertThat(future.cause()).isInstanceOf(ApiException.class);
    return (ApiException) future.cause();
  }

  /** Waits for a future whose work continues on Vert.x timers; fails the test after 5 s. */
  static <T> Future<T> settled(Future<T> future) throws InterruptedException {
    CountDownLatch completed = new CountDownLatch(1);
    future.onComplete(done -> completed.countDown());
    assertThat(completed.await(5, TimeUnit.SECONDS)).as("completed within 5 s").isTrue();
    return future;
  }
}
