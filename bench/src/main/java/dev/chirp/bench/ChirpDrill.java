package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import static dev.chirp.bench.GraphCommand.await;

/**
 * {@code ./chirp drill}: fault drills against the running local stack under a steady workload through the entry
 * point (posts, reads, follows and unfollows). Each drill kills, stops or freezes one component while the workload
 * runs, lets the launcher's supervision bring it back, and then checks every accepted post (201) against the
 * stores directly: in Cassandra, and in the Redis home timeline of each of the author's followers — not through
 * the API, whose read would rebuild a missing timeline and hide the loss. Prints one row per drill.
 */
@Command(name = "chirp drill", mixinStandardHelpOptions = true,
    description = "Fault drills against a stack started with ./chirp up: a table of requests, 5xx, tweets accepted,"
        + " lost and duplicated (checked in Cassandra and in Redis directly), and time to recover.")
public final class ChirpDrill implements Callable<Integer> {
  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080", description = "Default: ${DEFAULT-VALUE}.")
  String apiUrl;

  @Option(names = "--stack-state", defaultValue = ".chirp/stack.json",
      description = "The local stack's state file: where each component's pid is. Default: ${DEFAULT-VALUE}.")
  String stackState;

  @Option(names = "--cassandra", defaultValue = "127.0.0.1:9042", description = "Default: ${DEFAULT-VALUE}.")
  String cassandra;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Default: ${DEFAULT-VALUE}.")
  String redisUri;

  @Option(names = "--only", split = ",", description = "Drills to run (names as in the table). Default: every drill.")
  List<String> only;

  @Option(names = "--authors", defaultValue = "12", description = "Default: ${DEFAULT-VALUE}.")
  int authors;

  @Option(names = "--followers", defaultValue = "36", description = "Followers, each following --follows authors. Default: ${DEFAULT-VALUE}.")
  int followers;

  @Option(names = "--follows", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
  int follows;

  @Option(names = "--post-rate", defaultValue = "4", description = "Posts per second. Default: ${DEFAULT-VALUE}.")
  double postRate;

  @Option(names = "--read-rate", defaultValue = "8", description = "Home-timeline reads per second. Default: ${DEFAULT-VALUE}.")
  double readRate;

  @Option(names = "--before-seconds", defaultValue = "5", description = "Workload before the fault. Default: ${DEFAULT-VALUE}.")
  double beforeSeconds;

  @Option(names = "--fault-seconds", defaultValue = "20", description = "How long a frozen component stays frozen. Default: ${DEFAULT-VALUE}.")
  double faultSeconds;

  @Option(names = "--after-seconds", defaultValue = "30", description = "Workload after the fault ended. Default: ${DEFAULT-VALUE}.")
  double afterSeconds;

  @Option(names = "--settle-seconds", defaultValue = "120",
      description = "How long accepted tweets may take to reach every timeline before they count as lost. Default: ${DEFAULT-VALUE}.")
  double settleSeconds;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChirpDrill()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Drill> drills = Drill.ALL.stream().filter(d -> only == null || only.contains(d.name())).toList();
    if (only != null && drills.size() != only.size()) {
      System.err.println("unknown drill among " + only + "; drills: " + Drill.ALL.stream().map(Drill::name).toList());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      WebClient api = BenchAccounts.client(vertx, apiUrl);
      Audience audience = Audience.signUp(api, authors, followers, follows, new Random(seed));
      System.out.printf("audience: %d authors, %d followers following %d each, %d users following and unfollowing%n",
          authors, followers, follows, audience.churners().size());
      ChirpConfig config = BenchConfig.cassandra(cassandra);
      TweetReader tweets = new TweetReader(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
      TimelineReader timelines = new TimelineReader(Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri)),
          "", config.integer("timeline.cap"));
      List<DrillResult> results = new ArrayList<>();
      System.out.println(DrillResult.HEADER);
      for (Drill drill : drills) {
        DrillResult result = run(vertx, api, audience, tweets, timelines, drill);
        results.add(result);
        System.out.println(result.row());
      }
      System.out.println();
      System.out.println(DrillResult.HEADER);
      results.forEach(r -> System.out.println(r.row()));
      return 0;
    } finally {
      vertx.close();
    }
  }

  private DrillResult run(Vertx vertx, WebClient api, Audience audience, TweetReader tweets, TimelineReader timelines,
                          Drill drill) throws Exception {
    Workload workload = new Workload(vertx, api, audience, postRate, readRate, new Random(seed + drill.name().hashCode()));
    workload.start();
    Thread.sleep((long) (beforeSeconds * 1000));
    long faultAt = System.nanoTime();
    drill.inject(Path.of(stackState), faultSeconds);
    Thread.sleep((long) (afterSeconds * 1000));
    workload.stop();
    await(workload.drained());

    Map<Long, Long> accepted = workload.accepted();
    long lostInCassandra = accepted.size() - await(tweets.tweets(accepted.keySet())).size();
    long settleStart = System.nanoTime();
    Delivery delivery = Delivery.check(timelines, accepted, audience);
    while (delivery.missing() > 0 && System.nanoTime() - settleStart < settleSeconds * 1e9) {
      Thread.sleep(1000);
      delivery = Delivery.check(timelines, accepted, audience);
    }
    double convergedSeconds = delivery.missing() == 0 ? (System.nanoTime() - settleStart) / 1e9 : Double.NaN;
    double recoveredSeconds = workload.lastFailureNanos() < faultAt ? 0 : (workload.lastFailureNanos() - faultAt) / 1e9;
    return new DrillResult(drill.name(), workload.requests(), workload.serverErrors(), workload.otherFailures(), accepted.size(),
        lostInCassandra, delivery.missing(), delivery.duplicated(), recoveredSeconds, convergedSeconds);
  }

  /** Authors, their followers (who never change whom they follow: the loss check's expectations), and churners. */
  record Audience(List<Account> authors, Map<Long, List<Long>> followersOf, List<Account> followers, List<Account> churners) {
    static Audience signUp(WebClient api, int authorCount, int followerCount, int follows, Random random) throws Exception {
      List<Account> authors = BenchAccounts.signUp(api, authorCount, "da");
      List<Account> followers = BenchAccounts.signUp(api, followerCount, "df");
      List<Account> churners = BenchAccounts.signUp(api, Math.max(2, followerCount / 6), "dc");
      Map<Long, List<Long>> followersOf = new HashMap<>();
      for (Account follower : followers) {
        List<Account> shuffled = new ArrayList<>(authors);
        Collections.shuffle(shuffled, random);
        for (Account author : shuffled.subList(0, Math.min(follows, shuffled.size()))) {
          await(api.put("/api/v1/users/" + follower.id() + "/following/" + author.id()).bearerTokenAuthentication(follower.token())
              .send().compose(r -> BenchAccounts.expect(r, 204)));
          followersOf.computeIfAbsent(Long.parseLong(author.id()), a -> new ArrayList<>()).add(Long.parseLong(follower.id()));
        }
        // A timeline exists (and gets fan-out) once its user has read it.
        await(api.get("/api/v1/users/" + follower.id() + "/home_timeline").bearerTokenAuthentication(follower.token())
            .send().compose(r -> BenchAccounts.expect(r, 200)));
      }
      return new Audience(authors, followersOf, followers, churners);
    }
  }

  /** Accepted posts found in each follower's Redis timeline: how many are missing, how many are there twice. */
  record Delivery(long missing, long duplicated) {
    static Delivery check(TimelineReader timelines, Map<Long, Long> accepted, Audience audience) throws Exception {
      Map<Long, List<Long>> ofFollower = new HashMap<>();
      long missing = 0;
      long duplicated = 0;
      for (Map.Entry<Long, Long> tweet : accepted.entrySet()) {
        for (long follower : audience.followersOf().getOrDefault(tweet.getValue(), List.of())) {
          if (!ofFollower.containsKey(follower)) ofFollower.put(follower, await(timelines.ids(follower)));
          List<Long> ids = ofFollower.get(follower);
          long copies = ids.stream().filter(id -> id.equals(tweet.getKey())).count();
          if (copies == 0) missing++;
          if (copies > 1) duplicated += copies - 1;
        }
      }
      return new Delivery(missing, duplicated);
    }
  }

  record DrillResult(String name, long requests, long serverErrors, long otherFailures, long accepted, long lostInCassandra,
                     long lostInRedis, long duplicated, double recoveredSeconds, double convergedSeconds) {
    static final String HEADER = String.format("%-24s %8s %6s %8s %6s %10s %10s %6s %9s %10s", "drill", "requests", "5xx",
        "other", "201", "lost(C*)", "lost(Redis)", "dup", "errors-s", "settled-s");

    String row() {
      return String.format("%-24s %8d %6d %8d %6d %10d %10d %6d %9.1f %10s", name, requests, serverErrors, otherFailures,
          accepted, lostInCassandra, lostInRedis, duplicated, recoveredSeconds,
          Double.isNaN(convergedSeconds) ? "never" : String.format("%.1f", convergedSeconds));
    }
  }

  /**
   * One fault: what is done to which component. KILL and TERM are followed by the launcher's restart; FREEZE
   * resumes the component after the fault's seconds.
   */
  record Drill(String name, String component, Fault fault) {
    enum Fault { KILL, TERM, FREEZE }

    static final List<Drill> ALL = List.of(
        new Drill("fanout-worker-kill", "fanout-worker", Fault.KILL),
        new Drill("edge-kill", "edge", Fault.KILL),
        new Drill("redis-kill", "redis", Fault.KILL),
        new Drill("cassandra-kill", "cassandra", Fault.KILL),
        new Drill("neo4j-kill", "neo4j", Fault.KILL),
        new Drill("pulsar-kill", "pulsar", Fault.KILL),
        new Drill("redis-freeze", "redis", Fault.FREEZE),
        new Drill("cassandra-freeze", "cassandra", Fault.FREEZE),
        new Drill("neo4j-freeze", "neo4j", Fault.FREEZE),
        new Drill("pulsar-freeze", "pulsar", Fault.FREEZE),
        new Drill("tweet-svc-term", "tweet-svc", Fault.TERM),
        new Drill("tweet-svc-kill", "tweet-svc", Fault.KILL),
        new Drill("follow-svc-term", "follow-svc", Fault.TERM),
        new Drill("follow-svc-kill", "follow-svc", Fault.KILL),
        new Drill("timeline-svc-term", "timeline-svc", Fault.TERM),
        new Drill("timeline-svc-kill", "timeline-svc", Fault.KILL),
        new Drill("fanout-worker-term", "fanout-worker", Fault.TERM));

    void inject(Path stackState, double faultSeconds) throws Exception {
      long pid = pidOf(stackState, component);
      switch (fault) {
        case KILL -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        case TERM -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        case FREEZE -> {
          signal(pid, "STOP");
          try {
            Thread.sleep((long) (faultSeconds * 1000));
          } finally {
            signal(pid, "CONT");
          }
        }
      }
    }

    static long pidOf(Path stackState, String component) throws Exception {
      JsonArray components = new JsonObject(Files.readString(stackState)).getJsonArray("components", new JsonArray());
      for (int i = 0; i < components.size(); i++) {
        JsonObject c = components.getJsonObject(i);
        if (component.equals(c.getString("name"))) return c.getLong("pid");
      }
      throw new IllegalStateException("no " + component + " in " + stackState + ": is the stack up (./chirp up)?");
    }

    private static void signal(long pid, String signal) throws Exception {
      if (new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    }
  }

  /**
   * The steady workload: posts by the authors, home-timeline reads by the followers, follows and unfollows by the
   * churners, each at a fixed rate on timers (open loop), every request with a 10 s timeout. Records each accepted
   * post and when a request last failed.
   */
  static final class Workload {
    private static final long TIMEOUT_MS = 10_000;
    private final Vertx vertx;
    private final WebClient api;
    private final Audience audience;
    private final double postRate;
    private final double readRate;
    private final Random random;
    private final Map<Long, Long> accepted = new ConcurrentHashMap<>();
    private final List<Future<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> timers = new ArrayList<>();
    private long requests;
    private long serverErrors;
    private long otherFailures;
    private volatile long lastFailureNanos;

    Workload(Vertx vertx, WebClient api, Audience audience, double postRate, double readRate, Random random) {
      this.vertx = vertx;
      this.api = api;
      this.audience = audience;
      this.postRate = postRate;
      this.readRate = readRate;
      this.random = random;
    }

    void start() {
      timers.add(vertx.setPeriodic((long) (1000 / postRate), t -> post()));
      timers.add(vertx.setPeriodic((long) (1000 / readRate), t -> read()));
      timers.add(vertx.setPeriodic(1000, t -> followOrUnfollow()));
    }

    void stop() {
      timers.forEach(vertx::cancelTimer);
    }

    /** Completes once every request sent has an outcome (failures are counted, not raised). */
    Future<?> drained() {
      synchronized (inFlight) {
        return Future.join(new ArrayList<>(inFlight)).otherwiseEmpty();
      }
    }

    private void post() {
      Account author = audience.authors().get(random.nextInt(audience.authors().size()));
      track(api.post("/api/v1/tweets").bearerTokenAuthentication(author.token()).timeout(TIMEOUT_MS)
          .sendJsonObject(new JsonObject().put("text", "drill " + System.nanoTime())), 201, response ->
          accepted.put(Long.parseLong(response.bodyAsJsonObject().getString("id")), Long.parseLong(author.id())));
    }

    private void read() {
      Account reader = audience.followers().get(random.nextInt(audience.followers().size()));
      track(api.get("/api/v1/users/" + reader.id() + "/home_timeline").bearerTokenAuthentication(reader.token())
          .timeout(TIMEOUT_MS).send(), 200, response -> { });
    }

    private void followOrUnfollow() {
      Account churner = audience.churners().get(random.nextInt(audience.churners().size()));
      Account author = audience.authors().get(random.nextInt(audience.authors().size()));
      String path = "/api/v1/users/" + churner.id() + "/following/" + author.id();
      var request = random.nextBoolean() ? api.put(path) : api.delete(path);
      track(request.bearerTokenAuthentication(churner.token()).timeout(TIMEOUT_MS).send(), 204, response -> { });
    }

    private void track(Future<HttpResponse<Buffer>> call, int expected, java.util.function.Consumer<HttpResponse<Buffer>> onSuccess) {
      synchronized (this) {
        requests++;
      }
      inFlight.add(call.andThen(done -> {
        synchronized (this) {
          if (done.succeeded() && done.result().statusCode() == expected) {
            onSuccess.accept(done.result());
            return;
          }
          if (done.succeeded() && done.result().statusCode() >= 500) serverErrors++;
          else otherFailures++;
          lastFailureNanos = System.nanoTime();
        }
      }));
    }

    Map<Long, Long> accepted() {
      return Map.copyOf(accepted);
    }

    synchronized long requests() {
      return requests;
    }

    synchronized long serverErrors() {
      return serverErrors;
    }

    synchronized long otherFailures() {
      return otherFailures;
    }

    long lastFailureNanos() {
      return lastFailureNanos;
    }
  }
}
