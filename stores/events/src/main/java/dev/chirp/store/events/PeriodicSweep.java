package dev.chirp.store.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a sweeper of pending marks ({@link MarkedPublish}) now and every {@code intervalMillis}, never two passes at
 * once: a pass still running when the next is due is skipped, not overlapped. Each pass completes with how many
 * stored events it published; they are counted in {@code metric} and logged. A failed pass is logged and the next
 * one simply tries again.
 */
public final class PeriodicSweep {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicSweep.class);
  private final Vertx vertx;
  private final String name;
  private final long intervalMillis;
  private final Supplier<Future<Integer>> pass;
  private final Counter published;
  private Future<Integer> running;
  private long timer = -1;

  /** {@code metric}: the counter of events this sweeper published (registered once per registry and name). */
  public PeriodicSweep(Vertx vertx, String name, long intervalMillis, MeterRegistry metrics, String metric,
                       Supplier<Future<Integer>> pass) {
    this.vertx = vertx;
    this.name = name;
    this.intervalMillis = intervalMillis;
    this.pass = pass;
    this.published = publishedCounter(metrics, metric);
  }

  /** The counter of stored events a sweeper published, for passes run outside the schedule. */
  public static Counter publishedCounter(MeterRegistry metrics, String metric) {
    return Counter.builder(metric).description("Stored but unacknowledged events a sweeper published").register(metrics);
  }

  /** Runs a pass now and then every interval. */
  public void start() {
    sweepNow();
    timer = vertx.setPeriodic(intervalMillis, t -> sweepNow());
  }

  /** A pass now, unless one is running: then that one (they never overlap). */
  public synchronized Future<Integer> sweepNow() {
    if (running != null) return running;
    Future<Integer> started;
    try {
      started = pass.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    Future<Integer> current = started.onComplete(done -> {
      synchronized (this) {
        running = null;
      }
      if (done.failed()) {
        LOG.debug("{} sweep stopped early: {}", name, done.cause().getMessage());
      } else if (done.result() > 0) {
        published.increment(done.result());
        LOG.info("{} sweep published {} stored event(s) nobody acknowledged", name, done.result());
      }
    });
    // A pass that completed synchronously is already over.
    if (!current.isComplete()) running = current;
    return current;
  }

  /**
   * A pass's work over many items, {@code parallel} at a time: the next batch starts once the last one is over, failed
   * or not (a failed item is left for the next pass). Completes with how many items succeeded; never fails.
   */
  public static <T> Future<Integer> inBatches(List<T> items, int parallel, Function<T, Future<?>> work) {
    return inBatches(items, 0, parallel, work);
  }

  private static <T> Future<Integer> inBatches(List<T> items, int from, int parallel, Function<T, Future<?>> work) {
    if (from >= items.size()) return Future.succeededFuture(0);
    List<Future<?>> batch = items.subList(from, Math.min(items.size(), from + parallel)).stream().<Future<?>>map(work).toList();
    return Future.join(batch).transform(done -> {
      int succeeded = (int) batch.stream().filter(Future::succeeded).count();
      return inBatches(items, from + batch.size(), parallel, work).map(rest -> succeeded + rest);
    });
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }
}
