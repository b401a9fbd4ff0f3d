package dev.chirp.bench;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.auth.RsaPem;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.graph.GraphLoader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.HdrHistogram.Histogram;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.chirp.bench.GraphCommand.await;

/**
 * The whole benchmark ({@code ./chirp bench}): the machine's limits, a power-law graph loaded in bulk, open-loop
 * posting and home-timeline reads through the HTTP API with delivery measured two ways, the cost of fan-out by
 * audience size, and everything written to {@code results.json} and a report. Phases print their progress.
 */
final class BenchRun {
  private final BenchOptions options;
  private final Vertx vertx = Vertx.vertx();
  private final Random random;
  private final SnowflakeIds ids;
  private final List<String> workerUrls;
  private final WorkerMetrics worker;
  private final JsonObject results = new JsonObject();
  private final long began = System.nanoTime();
  private WebClient api;
  private JwtTokens tokens;
  private PowerLawGraph graph;
  private long[] userIds;
  /** Scale authors' followers are the users from this index on, wrapping around. */
  private int scaleFollowerOffset;
  private final Map<Long, String> tokenCache = new java.util.concurrent.ConcurrentHashMap<>();

  BenchRun(BenchOptions options) throws IOException {
    this.options = options;
    this.random = new Random(options.seed);
    this.ids = new SnowflakeIds(1000 + random.nextInt(23));
    this.workerUrls = FanoutWorkers.urls(options.workerUrls, Path.of(options.stackState));
    this.worker = new WorkerMetrics(workerUrls);
  }

  /** Runs every phase and writes the report; the directory it wrote. */
  Path run() throws Exception {
    try (Driver neo4j = GraphDatabase.driver(options.neo4jUri, AuthTokens.none())) {
      api = BenchAccounts.client(vertx, options.apiUrl);
      Path keys = Path.of(options.jwtKeys);
      tokens = JwtTokens.issuer(vertx, new RsaPem(Files.readString(keys.resolve("jwt-private.pem")),
          Files.readString(keys.resolve("jwt-public.pem"))), options.jwtIssuer);
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(options.redisUri).setMaxPoolWaiting(4096));
      TimelineLoader timelines = new TimelineLoader(redis, options.redisPrefix, 800);
      TimelineReader timelineReader = new TimelineReader(redis, options.redisPrefix, 800);
      results.put("options", options.toJson()).put("machine", Machine.describe(neo4j, redis));

      phase(1, "limits of this machine");
      measureLimits();
      phase(2, "graph");
      List<long[]> scaleAuthors = loadGraph(new GraphLoader(neo4j, vertx.getOrCreateContext()), timelines);
      phase(3, "workload");
      runWorkload(timelineReader);
      phase(4, "delivery by audience size");
      measureScaling(scaleAuthors);
      phase(5, "report");
      results.put("elapsed_seconds", seconds(began));
      Path dir = BenchReport.write(Path.of(options.outputDir), results);
      System.out.println(BenchReport.summary(results));
      System.out.println("report: " + dir.resolve("report.html").toAbsolutePath());
      return dir;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void phase(int number, String name) {
    System.out.printf("[%5.0f s] phase %d/5: %s%n", seconds(began), number, name);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  // --- limits -------------------------------------------------------------------------------------------------

  private void measureLimits() throws Exception {
    RedisWriteLimit.Result redisLimit = await(new RedisWriteLimit(vertx, options.redisUri, options.redisPrefix + "bench:limit:")
        .measure(options.limitSeconds, 64));
    String page = constantPage();
    ConstantJsonRoute constant = ConstantJsonRoute.start(vertx, page);
    double httpRate = await(closedLoopRate(constant.client(), options.limitSeconds, 64));
    constant.close();
    results.put("limits", new JsonObject()
        .put("redis_pipelined_pushes_per_second", redisLimit.pushesPerSecond())
        .put("redis_pipeline", 64)
        .put("constant_json_requests_per_second", httpRate)
        .put("constant_json_bytes", page.length()));
    System.out.printf("  Redis pipelined LPUSH (one client, 64 per batch): %,.0f/s; constant JSON route (%,d bytes, 64 in"
        + " flight): %,.0f requests/s%n", redisLimit.pushesPerSecond(), page.length(), httpRate);
  }

  /** A JSON body shaped and sized like a home-timeline page of 20 tweets. */
  private static String constantPage() {
    JsonArray tweets = new JsonArray();
    for (int i = 0; i < 20; i++) {
      tweets.add(new JsonObject().put("id", Long.toString(7_000_000_000_000_000_000L + i)).put("author_id", "7000000000000000001")
          .put("author_handle", "constant_author").put("text", "a constant tweet of ordinary length, the same every time: " + i)
          .put("created_at", "2026-11-24T12:00:00Z").put("mentions", new JsonArray()));
    }
    return new JsonObject().put("tweets", tweets).put("next_max_id", "7000000000000000000").encode();
  }

  /** Requests per second with {@code inFlight} requests always outstanding: the route's maximum rate. */
  private Future<Double> closedLoopRate(WebClient client, double seconds, int inFlight) {
    Promise<Double> done = Promise.promise();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    AtomicLong completed = new AtomicLong();
    AtomicLong running = new AtomicLong(inFlight);
    for (int i = 0; i < inFlight; i++) loop(client, end, completed, running, start, done);
    return done.future();
  }

  private void loop(WebClient client, long end, AtomicLong completed, AtomicLong running, long start, Promise<Double> done) {
    client.get("/").send().onComplete(r -> {
      completed.incrementAndGet();
      if (System.nanoTime() < end) loop(client, end, completed, running, start, done);
      else if (running.decrementAndGet() == 0) done.complete(completed.get() / seconds(start));
    });
  }

  // --- graph --------------------------------------------------------------------------------------------------

  /**
   * Loads the power-law graph and the scale authors (id, follower count), or reuses them when a graph with the same
   * {@link GraphKey} is recorded in Neo4j (unless --reload-graph); activates every user's timeline either way.
   */
  private List<long[]> loadGraph(GraphLoader loader, TimelineLoader timelines) throws Exception {
    graph = PowerLawGraph.generate(options.users, options.meanFollowers, options.exponent, options.celebrities,
        options.celebrityFollowers, options.maxFollowers, options.seed);
    // Drawn whether the graph is loaded or reused, so the workload's draws that follow are the same either way.
    int drawnOffset = random.nextInt(graph.users());
    String key = GraphKey.of(options).value();
    Optional<GraphLoader.LoadedSet> loaded = options.reloadGraph ? Optional.empty() : await(loader.loadedSet(key))
        .filter(set -> set.userIds().length == graph.users() && set.scaleIds().length == options.scalePoints.size());
    JsonObject graphJson = new JsonObject().put("key", key).put("reused", loaded.isPresent());
    String how;
    List<long[]> scaleAuthors = new ArrayList<>();
    if (loaded.isPresent()) {
      userIds = loaded.get().userIds();
      scaleFollowerOffset = loaded.get().scaleFollowerOffset();
      long[] scaleIds = loaded.get().scaleIds();
      for (int i = 0; i < scaleIds.length; i++) {
        scaleAuthors.add(new long[] {scaleIds[i], Math.min(options.scalePoints.get(i), userIds.length)});
      }
      graphJson.put("loaded_at", loaded.get().loadedAt().toString());
      how = "reused the graph loaded at " + loaded.get().loadedAt().truncatedTo(ChronoUnit.SECONDS)
          + " (--reload-graph loads it afresh)";
    } else {
      scaleFollowerOffset = drawnOffset;
      long start = System.nanoTime();
      long follows = load(loader, scaleAuthors);
      double loadSeconds = seconds(start);
      Instant loadedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS); // as Neo4j keeps it
      // Only now that every edge is in: an interrupted load is never reused.
      await(loader.recordLoadedSet(key, userIds, scaleAuthors.stream().mapToLong(a -> a[0]).toArray(), scaleFollowerOffset,
          loadedAt));
      graphJson.put("loaded_at", loadedAt.toString()).put("load_seconds", loadSeconds)
          .put("edges_per_second", follows / loadSeconds);
      how = String.format("loaded in %.1f s (%,.0f follows/s)", loadSeconds, follows / loadSeconds);
    }
    for (int i = 0; i < userIds.length; i += 2000) {
      List<Future<Boolean>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(userIds.length, i + 2000); j++) batch.add(timelines.activate(userIds[j], Duration.ofDays(1)));
      await(Future.all(batch));
    }
    int celebritiesAboveThreshold = 0;
    for (int i = 0; i < graph.users(); i++) if (graph.followerCount(i) > options.celebrityThreshold) celebritiesAboveThreshold++;
    results.put("graph", graphJson.put("users", graph.users()).put("edges", graph.edges())
        .put("mean_followers", (double) graph.edges() / graph.users()).put("max_followers", graph.maxFollowers())
        .put("median_followers", graph.followerCount(graph.users() / 2))
        .put("users_above_celebrity_threshold", celebritiesAboveThreshold)
        .put("follower_counts_by_rank", sampledCounts()));
    System.out.printf("  %,d users, %,d follows (mean %.1f, median %d, max %,d; %d above the celebrity threshold %,d) + %d scale"
            + " authors, %s; every timeline activated%n", graph.users(), graph.edges(),
        (double) graph.edges() / graph.users(), graph.followerCount(graph.users() / 2), graph.maxFollowers(),
        celebritiesAboveThreshold, options.celebrityThreshold, scaleAuthors.size(), how);
    return scaleAuthors;
  }

  /**
   * Creates the graph's users (fresh snowflake ids, into {@link #userIds}), the scale authors (into
   * {@code scaleAuthors}) and every follow, the scale authors' followers from {@link #scaleFollowerOffset} on;
   * the follows loaded.
   */
  private long load(GraphLoader loader, List<long[]> scaleAuthors) throws Exception {
    userIds = new long[graph.users()];
    for (int i = 0; i < userIds.length; i++) userIds[i] = ids.next();
    List<Map<String, Object>> users = new ArrayList<>();
    for (long id : userIds) users.add(Map.of("id", id, "handle", handleOf(id)));
    for (int followers : options.scalePoints) {
      long id = ids.next();
      users.add(Map.of("id", id, "handle", handleOf(id)));
      scaleAuthors.add(new long[] {id, Math.min(followers, userIds.length)});
    }
    for (int i = 0; i < users.size(); i += 10_000) {
      await(loader.users(users.subList(i, Math.min(users.size(), i + 10_000)), Instant.now()));
    }
    EdgeLoader edges = new EdgeLoader(loader, graph.edges() + scaleAuthors.stream().mapToLong(a -> a[1]).sum());
    for (int user = 0; user < graph.users(); user++) {
      for (int j = 0; j < graph.followerCount(user); j++) edges.add(userIds[graph.follower(user, j)], userIds[user]);
    }
    for (long[] author : scaleAuthors) {
      for (int j = 0; j < author[1]; j++) edges.add(userIds[(scaleFollowerOffset + j) % userIds.length], author[0]);
    }
    edges.finish();
    return edges.loaded;
  }

  /** Follower count at ranks 1, 2, 3, 5, 10, 20, 50, …: the distribution's shape for the report. */
  private JsonArray sampledCounts() {
    JsonArray points = new JsonArray();
    for (long rank = 1; rank <= graph.users(); rank = rank < 3 ? rank + 1 : Math.round(rank * 1.6)) {
      points.add(new JsonArray().add(rank).add(graph.followerCount((int) rank - 1)));
    }
    return points;
  }

  private static String handleOf(long id) {
    return "b" + Long.toString(id, 36);
  }

  /** Bulk-loads follows in batches of 10,000, two batches in flight, printing progress every 5 s. */
  private static final class EdgeLoader {
    private final GraphLoader follows;
    private final long total;
    private final List<Future<Void>> inFlight = new ArrayList<>();
    private List<long[]> batch = new ArrayList<>();
    private long loaded;
    private final long start = System.nanoTime();
    private long lastReport = System.nanoTime();

    EdgeLoader(GraphLoader follows, long total) {
      this.follows = follows;
      this.total = total;
    }

    void add(long follower, long followee) throws Exception {
      batch.add(new long[] {follower, followee});
      if (batch.size() == 10_000) flush();
    }

    private void flush() throws Exception {
      if (inFlight.size() == 2) await(inFlight.remove(0));
      inFlight.add(follows.edges(batch, Instant.now()));
      loaded += batch.size();
      batch = new ArrayList<>();
      if (System.nanoTime() - lastReport > 5e9) {
        lastReport = System.nanoTime();
        System.out.printf("  follows %,d of %,d (%,.0f/s)%n", loaded, total, loaded / seconds(start));
      }
    }

    void finish() throws Exception {
      if (!batch.isEmpty()) flush();
      for (Future<Void> f : inFlight) await(f);
    }
  }

  private String tokenOf(long userId) {
    return tokenCache.computeIfAbsent(userId, id -> tokens.issue(id, 86_400));
  }

  private Future<String> tokenOffTheEventLoop(long userId) {
    String known = tokenCache.get(userId);
    return known != null ? Future.succeededFuture(known) : vertx.executeBlocking(() -> tokenOf(userId), false);
  }

  /** Distinct users drawn uniformly: a user's follower count is as likely as in the whole graph. */
  private int[] randomUsers(int count) {
    return random.ints(0, userIds.length).distinct().limit(Math.min(count, userIds.length)).toArray();
  }

  // --- workload -----------------------------------------------------------------------------------------------

  private void runWorkload(TimelineReader timelines) throws Exception {
    double readRate = options.readRate > 0 ? options.readRate : Math.min(50 * options.postRate, options.maxReadRate);
    // Signing a token costs about a millisecond of CPU: the load's users get theirs before it starts.
    int[] authors = randomUsers(options.authors);
    int[] readerIndexes = randomUsers(options.readers);
    long started = System.nanoTime();
    java.util.stream.IntStream.concat(java.util.Arrays.stream(authors), java.util.Arrays.stream(readerIndexes)).parallel()
        .forEach(i -> tokenOf(userIds[i]));
    System.out.printf("  tokens for %,d authors and %,d readers signed in %.1f s%n", authors.length, readerIndexes.length,
        seconds(started));
    long[] readers = java.util.Arrays.stream(readerIndexes).mapToLong(i -> userIds[i]).toArray();
    String[] readerTokens = java.util.Arrays.stream(readers).mapToObj(this::tokenOf).toArray(String[]::new);
    Map<String, Double> before = worker.scrape();

    Counts posts = new Counts();
    Counts reads = new Counts();
    // Its own connections: polls must not queue behind the load's requests when the stack falls behind.
    DeliverySampler sampler = new DeliverySampler(vertx, BenchAccounts.client(vertx, options.apiUrl), this::tokenOffTheEventLoop,
        Duration.ofSeconds(options.deliveryDeadlineSeconds));
    long measureFrom = System.nanoTime() + (long) (options.warmupSeconds * 1e9);
    int sampleEvery = Math.max(1, (int) Math.round(options.postRate / options.deliverySamplesPerSecond));
    AtomicLong postNumber = new AtomicLong();
    TimeSeries series = new TimeSeries(worker, posts, reads, options.warmupSeconds);
    series.start();
    Future<OpenLoop.Result> posting = OpenLoop.run(vertx, options.postRate, options.warmupSeconds, options.seconds, () -> {
      int author = authors[random.nextInt(authors.length)];
      long n = postNumber.incrementAndGet();
      return posts.count(api.post("/api/v1/tweets").putHeader("Authorization", "Bearer " + tokenOf(userIds[author]))
          .sendJsonObject(new JsonObject().put("text", "bench tweet " + n + " by an author with "
              + graph.followerCount(author) + " followers"))
          .compose(r -> BenchAccounts.expect(r, 201))
          .onSuccess(r -> {
            if (n % sampleEvery == 0 && graph.followerCount(author) > 0 && System.nanoTime() >= measureFrom) {
              sampler.sample(Long.parseLong(r.bodyAsJsonObject().getString("id")), followersToSample(author),
                  graph.followerCount(author) > options.celebrityThreshold);
            }
          }));
    });
    Future<OpenLoop.Result> reading = OpenLoop.run(vertx, readRate, options.warmupSeconds, options.seconds, () -> {
      int r = random.nextInt(readers.length);
      return reads.count(api.get("/api/v1/users/" + readers[r] + "/home_timeline?limit=20")
          .putHeader("Authorization", "Bearer " + readerTokens[r]).send().compose(resp -> BenchAccounts.expect(resp, 200)));
    });
    await(Future.all(posting, reading));
    // Longer than --seconds when the stack fell behind the schedule: the open loop then finishes late.
    double measuredSeconds = (System.nanoTime() - measureFrom) / 1e9;
    Map<String, Double> postingDone = worker.scrape();
    double drainSeconds = drain(before, posts.ok.get());
    await(sampler.finished());
    sampler.checkDuplicates(timelines);
    series.stop();
    Map<String, Double> after = worker.scrape();
    Map<String, Double> measuredFrom = series.atMeasureStart().orElse(before);

    double writes = WorkerMetrics.delta(measuredFrom, postingDone, WorkerMetrics.WRITES);
    double writesPerSecond = writes / measuredSeconds;
    double peakWrites = series.peak("fanout_writes_per_second");
    JsonObject limits = results.getJsonObject("limits");
    double redisLimit = limits.getDouble("redis_pipelined_pushes_per_second");
    double httpLimit = limits.getDouble("constant_json_requests_per_second");
    JsonObject workerDelivery = new JsonObject();
    for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
      workerDelivery.put("p" + pct(p * 100) + "_le_ms", finite(WorkerMetrics.deliveryPercentileMs(measuredFrom, after, p)));
    }
    results.put("workload", new JsonObject()
        .put("post_rate", options.postRate).put("read_rate", readRate).put("seconds", options.seconds)
        .put("warmup_seconds", options.warmupSeconds).put("measured_seconds", measuredSeconds)
        .put("achieved_posts_per_second", posting.result().sent() / measuredSeconds)
        .put("achieved_reads_per_second", reading.result().sent() / measuredSeconds)
        .put("posts", loadJson(posting.result()))
        .put("reads", loadJson(reading.result()).put("ratio_to_constant_json", readRate / httpLimit))
        .put("delivery_sampled", sampler.toJson())
        .put("delivery_worker_histogram", workerDelivery.put("tweets", WorkerMetrics.delta(measuredFrom, after, WorkerMetrics.APPLIED)))
        .put("fanout", new JsonObject().put("workers", new JsonArray(workerUrls)).put("writes", writes).put("writes_per_second", writesPerSecond)
            .put("ratio_to_redis_limit", writesPerSecond / redisLimit).put("peak_writes_per_second", peakWrites)
            .put("peak_ratio_to_redis_limit", peakWrites / redisLimit)
            .put("celebrity_skips", WorkerMetrics.delta(measuredFrom, postingDone, WorkerMetrics.SKIPS))
            .put("drain_seconds_after_posting", drainSeconds))
        .put("time_series", series.toJson())
        .put("processes", series.processesJson()));
  }

  private List<Long> followersToSample(int author) {
    List<Long> followers = new ArrayList<>();
    int count = graph.followerCount(author);
    for (int k = 0; k < Math.min(options.sampleFollowers, count); k++) {
      followers.add(userIds[graph.follower(author, random.nextInt(count))]);
    }
    return followers.stream().distinct().toList();
  }

  /** Waits until the worker applied every accepted tweet (or 5 minutes); the seconds it took. */
  private double drain(Map<String, Double> before, long accepted) throws Exception {
    long start = System.nanoTime();
    worker.awaitApplied(before, accepted, Duration.ofMinutes(5));
    return seconds(start);
  }

  /** Requests that completed, per outcome, for the time series. */
  static final class Counts {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    <T> Future<T> count(Future<T> request) {
      return request.onComplete(r -> (r.succeeded() ? ok : failed).incrementAndGet());
    }
  }

  static JsonObject loadJson(OpenLoop.Result result) {
    return new JsonObject().put("requests", result.sent()).put("errors", result.errors())
        .put("errors_by_cause", new JsonObject(new HashMap<>(result.errorsByCause())))
        .put("latency_ms", percentiles(result.latencyMicros()));
  }

  static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99, 100};

  /** p50 … p100 in ms of a histogram in microseconds, plus the count. */
  static JsonObject percentiles(Histogram micros) {
    JsonObject json = new JsonObject().put("count", micros.getTotalCount());
    for (double p : PERCENTILES) {
      json.put("p" + pct(p), micros.getTotalCount() == 0 ? null : micros.getValueAtPercentile(p) / 1000.0);
    }
    return json;
  }

  static String pct(double percentile) {
    return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile).replace('.', '_');
  }

  private static Double finite(double value) {
    return Double.isNaN(value) ? null : Double.isInfinite(value) ? Double.MAX_VALUE : value;
  }

  // --- scaling ------------------------------------------------------------------------------------------------

  /** One author per audience size posts a few tweets, one at a time, on the otherwise quiet stack. */
  private void measureScaling(List<long[]> scaleAuthors) throws Exception {
    JsonArray points = new JsonArray();
    for (long[] author : scaleAuthors) {
      List<Double> applied = new ArrayList<>();
      List<Double> seen = new ArrayList<>();
      double writes = 0;
      boolean merged = false;
      for (int s = 0; s < options.scaleSamples; s++) {
        Map<String, Double> was = worker.scrape();
        HttpResponse<Buffer> posted = await(api.post("/api/v1/tweets").putHeader("Authorization", "Bearer " + tokenOf(author[0]))
            .sendJsonObject(new JsonObject().put("text", "to " + author[1] + " followers")).compose(r -> BenchAccounts.expect(r, 201)));
        long tweetId = Long.parseLong(posted.bodyAsJsonObject().getString("id"));
        long accepted = System.nanoTime();
        long lastFollower = userIds[(int) ((scaleFollowerOffset + author[1] - 1) % userIds.length)];
        Future<Double> visible = DeliverySampler.firstSeen(vertx, api, lastFollower, tokenOf(lastFollower), tweetId,
            Duration.ofSeconds(options.deliveryDeadlineSeconds), accepted);
        Map<String, Double> now = worker.awaitApplied(was, 1, Duration.ofMinutes(5));
        applied.add((System.nanoTime() - accepted) / 1e6);
        writes += WorkerMetrics.delta(was, now, WorkerMetrics.WRITES);
        merged |= WorkerMetrics.delta(was, now, WorkerMetrics.SKIPS) > 0;
        Double seenMs = await(visible);
        if (seenMs != null) seen.add(seenMs);
      }
      double medianApplied = median(applied);
      double writesPerTweet = writes / options.scaleSamples;
      JsonObject point = new JsonObject().put("followers", author[1]).put("tweets", options.scaleSamples)
          .put("fanned_out", !merged)
          .put("worker_applied_median_ms", medianApplied)
          .put("follower_sees_it_median_ms", seen.isEmpty() ? null : median(seen))
          .put("writes_per_tweet", writesPerTweet)
          .put("writes_per_second", medianApplied > 0 ? writesPerTweet / (medianApplied / 1000) : null);
      points.add(point);
      System.out.printf("  %,d followers: applied by the worker in %.0f ms (median), seen by the last follower in %s ms,"
              + " %,.0f writes/tweet%s%n", author[1], medianApplied, seen.isEmpty() ? "—" : String.format("%.0f", median(seen)),
          writesPerTweet, merged ? " — above the worker's celebrity threshold: merged at read time, not fanned out" : "");
    }
    results.put("scaling", points);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }
}
