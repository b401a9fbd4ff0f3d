package dev.chirp.bench;

import dev.chirp.store.timelines.TimelineReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Delivery as a follower sees it: after a sampled post was accepted, some of its author's followers poll their
 * home timeline through the API until the tweet is there (or a deadline passes: lost). Tweets of authors above the
 * celebrity threshold are merged at read time and kept apart. Afterwards the raw cached timelines are checked
 * for duplicates. Used from the bench's Vert.x event loop.
 */
final class DeliverySampler {
  private final Vertx vertx;
  private final WebClient api;
  private final Function<Long, Future<String>> tokens;
  private final Duration deadline;
  private final Histogram fannedOut = new Histogram(3_600_000_000L, 3);
  private final Histogram merged = new Histogram(3_600_000_000L, 3);
  private final List<Delivered> delivered = new ArrayList<>();
  private final List<Future<?>> pending = new ArrayList<>();
  private long tweets;
  private long checks;
  private long lost;
  private long duplicated = -1;

  private record Delivered(long follower, long tweetId) {
  }

  DeliverySampler(Vertx vertx, WebClient api, Function<Long, Future<String>> tokens, Duration deadline) {
    this.vertx = vertx;
    this.api = api;
    this.tokens = tokens;
    this.deadline = deadline;
  }

  /** Starts polling the followers' timelines for the tweet, accepted just now. */
  void sample(long tweetId, List<Long> followers, boolean celebrity) {
    tweets++;
    for (long follower : followers) {
      checks++;
      long accepted = System.nanoTime();
      pending.add(tokens.apply(follower).compose(token -> firstSeen(vertx, api, follower, token, tweetId, deadline, accepted))
          .onSuccess(ms -> {
            if (ms == null) {
              lost++;
            } else {
              (celebrity ? merged : fannedOut).recordValue((long) (ms * 1000));
              if (!celebrity) delivered.add(new Delivered(follower, tweetId));
            }
          }));
    }
  }

  /**
   * Milliseconds from {@code start} (a nanoTime) until the follower's home timeline holds the tweet (null: not
   * within the deadline).
   * The page below {@code tweetId + 1} of one tweet is exactly that tweet once it is there.
   */
  static Future<Double> firstSeen(Vertx vertx, WebClient api, long follower, String token, long tweetId, Duration deadline,
                                  long start) {
    Promise<Double> result = Promise.promise();
    poll(vertx, api, follower, token, tweetId, start, deadline, result);
    return result.future();
  }

  private static void poll(Vertx vertx, WebClient api, long follower, String token, long tweetId, long start, Duration deadline,
                           Promise<Double> result) {
    api.get("/api/v1/users/" + follower + "/home_timeline?limit=1&max_id=" + (tweetId + 1))
        .putHeader("Authorization", "Bearer " + token).send().onComplete(r -> {
          double elapsedMs = (System.nanoTime() - start) / 1e6;
          boolean there = r.succeeded() && r.result().statusCode() == 200
              && r.result().bodyAsJsonObject().getJsonArray("tweets").stream()
                  .anyMatch(t -> Long.toString(tweetId).equals(((JsonObject) t).getString("id")));
          if (there) {
            result.complete(elapsedMs);
          } else if (elapsedMs > deadline.toMillis()) {
            result.complete(null);
          } else {
            // Fine-grained at first, when most deliveries land; coarser for slow ones (read-time merges).
            vertx.setTimer(elapsedMs < 1000 ? 10 : 100, t -> poll(vertx, api, follower, token, tweetId, start, deadline, result));
          }
        });
  }

  /** Completes when every sample found its tweet or gave up. */
  Future<Void> finished() {
    return Future.join(new ArrayList<>(pending)).mapEmpty();
  }

  /** Counts the fanned-out samples whose tweet id is in the follower's cached timeline more than once. */
  void checkDuplicates(TimelineReader timelines) throws Exception {
    long found = 0;
    for (Delivered d : delivered) {
      List<Long> ids = GraphCommand.await(timelines.ids(d.follower()));
      if (ids.stream().filter(id -> id == d.tweetId()).count() > 1) found++;
    }
    duplicated = found;
  }

  JsonObject toJson() {
    return new JsonObject().put("tweets_sampled", tweets).put("follower_checks", checks)
        .put("seen", fannedOut.getTotalCount() + merged.getTotalCount()).put("lost", lost)
        .put("duplicated", duplicated < 0 ? null : duplicated).put("duplicate_checks", delivered.size())
        .put("fanned_out_latency_ms", BenchRun.percentiles(fannedOut))
        .put("merged_at_read_latency_ms", BenchRun.percentiles(merged));
  }
}
