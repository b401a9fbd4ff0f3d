package dev.chirp.common.engines;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The project's one back-off: exponential, capped. Reconnecting to an engine starts at 100 ms and caps at 5 s;
 * retrying a transaction that lost a lock race starts at a few milliseconds, with jitter so the two losers of
 * a deadlock do not collide again; restarting a local process that died starts at 1 s and caps at 30 s.
 */
public final class Backoff {
  private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);
  static final long FIRST_DELAY_MILLIS = 100;
  static final long MAX_DELAY_MILLIS = 5000;
  static final long FIRST_CONFLICT_DELAY_MILLIS = 2;
  static final long MAX_CONFLICT_DELAY_MILLIS = 100;
  static final long FIRST_RESTART_DELAY_MILLIS = 1000;
  static final long MAX_RESTART_DELAY_MILLIS = 30_000;

  private Backoff() {
  }

  public static long delayMillis(int failedAttempts) {
    return exponential(failedAttempts, FIRST_DELAY_MILLIS, MAX_DELAY_MILLIS);
  }

  /** For restarting a process that exited {@code recentExits} times lately (the launcher's supervision). */
  public static long restartDelayMillis(int recentExits) {
    return exponential(recentExits, FIRST_RESTART_DELAY_MILLIS, MAX_RESTART_DELAY_MILLIS);
  }

  /** For conflicts (deadlocks): short, exponential, with full jitter over [delay/2, delay]. */
  public static long conflictDelayMillis(int failedAttempts) {
    long delay = exponential(failedAttempts, FIRST_CONFLICT_DELAY_MILLIS, MAX_CONFLICT_DELAY_MILLIS);
    return delay <= 1 ? delay : delay / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(delay / 2 + 1);
  }

  private static long exponential(int failedAttempts, long first, long max) {
    if (failedAttempts <= 0) return 0;
    return Math.min(max, first << Math.min(failedAttempts - 1, 16));
  }

  /**
   * Repeats {@code attempt} while it fails with something {@code retryable} accepts, at most {@code maxAttempts}
   * times, waiting {@link #conflictDelayMillis} between tries; then fails with the last failure.
   */
  public static <T> Future<T> retryConflicts(Vertx vertx, int maxAttempts, java.util.function.Predicate<Throwable> retryable,
                                             Supplier<Future<T>> attempt) {
    Promise<T> result = Promise.promise();
    conflictTry(vertx, maxAttempts, retryable, attempt, 0, result);
    return result.future();
  }

  private static <T> void conflictTry(Vertx vertx, int maxAttempts, java.util.function.Predicate<Throwable> retryable,
                                      Supplier<Future<T>> attempt, int failures, Promise<T> result) {
    attempt.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else if (failures + 1 >= maxAttempts || !retryable.test(done.cause())) {
        result.fail(done.cause());
      } else {
        vertx.setTimer(Math.max(1, conflictDelayMillis(failures + 1)),
            t -> conflictTry(vertx, maxAttempts, retryable, attempt, failures + 1, result));
      }
    });
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
