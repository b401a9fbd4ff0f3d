package dev.chirp.common.engines;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/** The project's one back-off: exponential from 100 ms, capped at 5 s. */
public final class Backoff {
  private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);
  static final long FIRST_DELAY_MILLIS = 100;
  static final long MAX_DELAY_MILLIS = 5000;

  private Backoff() {
  }

  public static long delayMillis(int failedAttempts) {
    if (failedAttempts <= 0) return 0;
    return Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(failedAttempts - 1, 16));
  }

  /** Repeats {@code attempt} until it succeeds (an engine that is not up yet), waiting longer after each failure. */
  public static <T> Future<T> retryUntilSuccess(Vertx vertx, String what, Supplier<Future<T>> attempt) {
    Promise<T> result = Promise.promise();
    tryOnce(vertx, what, attempt, 0, result);
    return result.future();
  }

  private static <T> void tryOnce(Vertx vertx, String what, Supplier<Future<T>> attempt, int failures, Promise<T> result) {
    attempt.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
        return;
      }
      long delay = delayMillis(failures + 1);
      if (failures == 0 || delay == MAX_DELAY_MILLIS) LOG.warn("{} failed ({}), retrying in {} ms", what, done.cause().getMessage(), delay);
      vertx.setTimer(delay, t -> tryOnce(vertx, what, attempt, failures + 1, result));
    });
  }
}
