package dev.chirp.bench;

import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.graph.GraphLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.chirp.bench.GraphCommand.await;

/**
 * The fan-out worker of a running stack under load: a graph of authors with 1,000–10,000 followers (all
 * active), a steady open-loop stream of their TweetCreated events straight onto the tweet topic, and the
 * worker's own figures (timeline writes, delivery latency) read from its /metrics; next to Redis' pipelined
 * write limit measured in the same run. Then single tweets of bigger authors, and bytes per timeline entry.
 */
@Command(name = "fanout", description = "Fan-out throughput and delivery latency of the running worker, next to Redis' limit.")
final class FanoutCommand implements Callable<Integer> {
  @Option(names = "--neo4j", defaultValue = "bolt://127.0.0.1:7687", description = "Default: ${DEFAULT-VALUE}.")
  String neo4jUri;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Default: ${DEFAULT-VALUE}.")
  String redisUri;

  @Option(names = "--pulsar", defaultValue = "pulsar://127.0.0.1:6650", description = "Default: ${DEFAULT-VALUE}.")
  String pulsarUrl;

  @Option(names = "--tweet-topic", defaultValue = "persistent://chirp/events/tweets", description = "Default: ${DEFAULT-VALUE}.")
  String tweetTopic;

  @Option(names = "--worker-url", split = ",", defaultValue = FanoutWorkers.DEFAULT_URL,
      description = "The fan-out workers whose metrics are summed (comma-separated). Default: ${DEFAULT-VALUE}.")
  List<String> workerUrls;

  @Option(names = "--authors", defaultValue = "40", description = "Authors in the steady stream. Default: ${DEFAULT-VALUE}.")
  int authors;

  @Option(names = "--min-followers", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
  int minFollowers;

  @Option(names = "--max-followers", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
  int maxFollowers;

  @Option(names = "--rate", defaultValue = "40", description = "Tweets per second in the steady stream. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--big-authors", split = ",", defaultValue = "10000,100000",
      description = "Follower counts of authors measured one tweet at a time. Default: ${DEFAULT-VALUE}.")
  List<Integer> bigAuthors;

  @Option(names = "--samples", defaultValue = "5", description = "Tweets per big author. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;


  private WorkerMetrics workerMetrics;

  @Override
  public Integer call() throws Exception {
    workerMetrics = new WorkerMetrics(workerUrls);
    Vertx vertx = Vertx.vertx();
    try (Driver neo4j = GraphDatabase.driver(neo4jUri, AuthTokens.none());
         PulsarClient pulsar = PulsarClient.builder().serviceUrl(pulsarUrl).build();
         Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES).topic(tweetTopic)
             .batcherBuilder(BatcherBuilder.KEY_BASED).batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS).create()) {
      RedisWriteLimit.Result limit = await(new RedisWriteLimit(vertx, redisUri, "bench:limit:").measure(10, 64));
      System.out.printf("redis limit: pipelined LPUSH, one client, -P 64: %,.0f pushes/s%n", limit.pushesPerSecond());

      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri).setMaxPoolWaiting(4096));
      TimelineLoader timelines = new TimelineLoader(redis, "", 800);
      TimelineReader reader = new TimelineReader(redis, "", 800);
      Random random = new Random(seed);
      SnowflakeIds ids = new SnowflakeIds(1000 + random.nextInt(23));
      int poolSize = Math.max(maxFollowers, bigAuthors.stream().mapToInt(Integer::intValue).max().orElse(0));
      long[] pool = new long[poolSize];
      for (int i = 0; i < poolSize; i++) pool[i] = ids.next();
      long[] streamAuthors = new long[authors];
      int[] streamFollowers = new int[authors];
      for (int i = 0; i < authors; i++) {
        streamAuthors[i] = ids.next();
        streamFollowers[i] = minFollowers + random.nextInt(maxFollowers - minFollowers + 1);
      }
      long[] big = bigAuthors.stream().mapToLong(n -> ids.next()).toArray();
      long started = System.nanoTime();
      loadGraph(new GraphLoader(neo4j, vertx.getOrCreateContext()), pool, streamAuthors, streamFollowers, big,
          bigAuthors.stream().mapToInt(Integer::intValue).toArray(), random);
      activate(timelines, pool);
      System.out.printf("graph: %,d followers, %d authors with %,d–%,d followers, big authors %s; loaded and activated in %.1f s%n",
          poolSize, authors, minFollowers, maxFollowers, bigAuthors, (System.nanoTime() - started) / 1e9);

      // Steady stream.
      Map<String, Double> before = metrics();
      OpenLoop.Result sent = await(OpenLoop.run(vertx, rate, warmup, seconds, () -> {
        int a = random.nextInt(authors);
        TweetCreated tweet = new TweetCreated(ids.next(), streamAuthors[a], Instant.now(), List.of());
        return Future.fromCompletionStage(producer.newMessage().key(tweet.key()).value(tweet.toBytes()).sendAsync());
      }));
      long publishedAll = (long) Math.floor((warmup + seconds) * rate);
      double drained = awaitApplied(before, publishedAll, Duration.ofMinutes(5));
      Map<String, Double> after = metrics();
      double writes = after.get("chirp_fanout_timeline_writes_total") - before.get("chirp_fanout_timeline_writes_total");
      double elapsed = warmup + seconds + drained;
      double writesPerSecond = writes / elapsed;
      System.out.printf("steady stream: %.0f tweets/s for %.0f s (+%.0f s warm-up), %,d events; drained %.1f s after the last%n",
          rate, seconds, warmup, publishedAll, drained);
      System.out.printf("  timeline writes: %,.0f in %.1f s = %,.0f writes/s = %.2f x the Redis limit%n",
          writes, elapsed, writesPerSecond, writesPerSecond / limit.pushesPerSecond());
      System.out.printf("  delivery latency (worker's histogram, publish -> last follower written): p50 ≤ %s, p90 ≤ %s,"
          + " p99 ≤ %s (bucket bounds); publish errors %d%n", deliveryPercentile(before, after, 0.5),
          deliveryPercentile(before, after, 0.9), deliveryPercentile(before, after, 0.99), sent.errors());

      // One tweet at a time by bigger authors.
      for (int b = 0; b < big.length && samples > 0; b++) {
        List<Double> latencies = new ArrayList<>();
        boolean skipped = false;
        for (int s = 0; s < samples; s++) {
          Map<String, Double> was = metrics();
          TweetCreated tweet = new TweetCreated(ids.next(), big[b], Instant.now(), List.of());
          long sentAt = System.nanoTime();
          producer.newMessage().key(tweet.key()).value(tweet.toBytes()).send();
          awaitApplied(was, 1, Duration.ofMinutes(2));
          latencies.add((System.nanoTime() - sentAt) / 1e6);
          skipped |= metrics().get("chirp_fanout_celebrity_skips_total") > was.get("chirp_fanout_celebrity_skips_total");
        }
        latencies.sort(Double::compare);
        System.out.printf("author with %,d followers: delivery (send -> event applied) median %.0f ms, max %.0f ms over %d tweets%s%n",
            bigAuthors.get(b), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1), samples,
            skipped ? " — NOT fanned out: above the worker's celebrity threshold (start the stack with"
                + " CHIRP_FANOUT_CELEBRITY_THRESHOLD=1000000 to measure it)" : "");
      }

      memoryPerEntry(timelines, reader, pool, ids);
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void loadGraph(GraphLoader graph, long[] pool, long[] authors, int[] followers, long[] big, int[] bigFollowers,
                                Random random) throws Exception {
    List<Map<String, Object>> users = new ArrayList<>();
    for (long id : pool) users.add(Map.of("id", id, "handle", "fb" + Long.toString(id, 36)));
    for (long id : authors) users.add(Map.of("id", id, "handle", "fa" + Long.toString(id, 36)));
    for (long id : big) users.add(Map.of("id", id, "handle", "fB" + Long.toString(id, 36)));
    for (int i = 0; i < users.size(); i += 10_000) await(graph.users(users.subList(i, Math.min(users.size(), i + 10_000)), Instant.now()));
    List<long[]> edges = new ArrayList<>();
    for (int a = 0; a < authors.length; a++) addFollowers(edges, authors[a], followers[a], pool, random);
    for (int b = 0; b < big.length; b++) addFollowers(edges, big[b], Math.min(pool.length, bigFollowers[b]), pool, random);
    for (int i = 0; i < edges.size(); i += 10_000) await(graph.edges(edges.subList(i, Math.min(edges.size(), i + 10_000)), Instant.now()));
  }

  private static void addFollowers(List<long[]> edges, long author, int count, long[] pool, Random random) {
    int start = random.nextInt(pool.length);
    for (int i = 0; i < count; i++) edges.add(new long[] {pool[(start + i) % pool.length], author});
  }

  private static void activate(TimelineLoader timelines, long[] users) throws Exception {
    for (int i = 0; i < users.length; i += 2000) {
      List<Future<Boolean>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(users.length, i + 2000); j++) batch.add(timelines.activate(users[j], Duration.ofDays(30)));
      await(Future.all(batch));
    }
  }

  /** Waits until {@code count} more TweetCreated events were applied than in {@code before}; seconds waited. */
  private double awaitApplied(Map<String, Double> before, long count, Duration timeout) throws Exception {
    long start = System.nanoTime();
    Map<String, Double> now = workerMetrics.awaitApplied(before, count, timeout);
    if (WorkerMetrics.delta(before, now, WorkerMetrics.APPLIED) < count) {
      throw new IllegalStateException("the worker did not apply the events in " + timeout);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static String deliveryPercentile(Map<String, Double> before, Map<String, Double> after, double percentile) {
    double ms = WorkerMetrics.deliveryPercentileMs(before, after, percentile);
    return Double.isNaN(ms) ? "?" : Double.isInfinite(ms) ? "∞" : String.format("%.0f ms", ms);
  }

  private Map<String, Double> metrics() throws Exception {
    return workerMetrics.scrape();
  }

  /** Fills 200 timelines to the cap with ids and asks Redis what they cost. */
  private static void memoryPerEntry(TimelineLoader timelines, TimelineReader reader, long[] pool, SnowflakeIds ids) throws Exception {
    long[] users = java.util.Arrays.copyOf(pool, Math.min(200, pool.length));
    for (int i = 0; i < timelines.cap(); i++) await(timelines.push(ids.next(), users));
    long bytes = 0;
    long entries = 0;
    for (long user : users) {
      bytes += await(reader.memoryUsage(user));
      entries += await(reader.ids(user)).size();
    }
    System.out.printf("memory: %d full timelines, %,d entries, %,d bytes = %.1f bytes per entry (MEMORY USAGE)%n",
        users.length, entries, bytes, (double) bytes / entries);
  }
}
