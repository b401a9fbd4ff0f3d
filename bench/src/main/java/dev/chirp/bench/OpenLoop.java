package dev.chirp.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An open-loop load: request i is due at start + i / rate whatever happened to earlier ones, and its latency
 * is measured from when it was due, not from when it was sent (wrk2-style), so a stall shows up in the
 * percentiles instead of silently lowering the rate. Requests due during the warm-up are sent but not recorded.
 */
final class OpenLoop {
  record Result(Histogram latencyMicros, long sent, long errors, Map<String, Long> errorsByCause, double seconds) {
    void print(String what, double rate) {
      System.out.printf("%s at %.0f/s for %.0f s: %,d requests, %,d errors; latency ms p50 %.2f  p90 %.2f  p99 %.2f"
              + "  p99.9 %.2f  max %.2f%n", what, rate, seconds, sent, errors,
          ms(50), ms(90), ms(99), ms(99.9), latencyMicros.getMaxValue() / 1000.0);
      errorsByCause.forEach((cause, count) -> System.out.printf("  %,d x %s%n", count, cause));
    }

    double ms(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private OpenLoop() {
  }

  static Future<Result> run(Vertx vertx, double rate, double warmupSeconds, double seconds, Supplier<Future<?>> request) {
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    Promise<Result> done = Promise.promise();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    long[] next = {0};
    long[] counts = new long[3];
    long[] outstanding = {0};
    Map<String, Long> errorsByCause = new TreeMap<>();
    vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      while (true) {
        long due = start + (long) (next[0] * 1e9 / rate);
        if (due > now || due >= end) break;
        next[0]++;
        outstanding[0]++;
        boolean measured = due >= measureFrom;
        request.get().onComplete(result -> {
          outstanding[0]--;
          if (measured) {
            counts[0]++;
            if (result.failed()) {
              counts[1]++;
              errorsByCause.merge(String.valueOf(result.cause().getMessage()), 1L, Long::sum);
            }
            histogram.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
          }
        });
      }
      if (now >= end && outstanding[0] == 0) {
        vertx.cancelTimer(timer);
        done.complete(new Result(histogram, counts[0], counts[1], errorsByCause, seconds));
      }
    });
    return done.future();
  }
}
