package dev.chirp.bench;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetReader;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.apache.pulsar.client.api.PulsarClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import static dev.chirp.bench.GraphCommand.await;

/**
 * {@code ./chirp drill}: fault drills against the running local stack under a steady workload through the entry
 * point ({@link DrillWorkload}: posts, reads, follows and unfollows). Each drill ({@link Drill}) kills, stops or
 * freezes one component, refuses Redis writes, publishes poison events or storms follows while the workload runs,
 * lets the launcher's supervision bring back what died, and then checks every accepted post (201) against the
 * stores directly ({@link DrillCheck}): in Cassandra, and in the Redis home timeline of each of the author's
 * followers. Also counts the dead letters each drill added. Prints one row per drill.
 */
@Command(name = "chirp drill", mixinStandardHelpOptions = true,
    description = "Fault drills against a stack started with ./chirp up: a table of requests, 5xx, tweets accepted,"
        + " lost, misplaced and duplicated (checked in Cassandra and in Redis directly), dead letters added, and time"
        + " to recover and to converge.")
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

  @Option(names = "--pulsar", defaultValue = "pulsar://127.0.0.1:6650",
      description = "Where the dead letters are counted and poison events published. Default: ${DEFAULT-VALUE}.")
  String pulsarUrl;

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

  @Option(names = "--fault-seconds", defaultValue = "20", description = "How long a -freeze drill's component stays"
      + " frozen, and how long the follow storm lasts (an -outage drill: 30 s regardless). Default: ${DEFAULT-VALUE}.")
  double faultSeconds;

  @Option(names = "--after-seconds", defaultValue = "30", description = "Workload after the fault ended. Default: ${DEFAULT-VALUE}.")
  double afterSeconds;

  @Option(names = "--settle-seconds", defaultValue = "120",
      description = "How long accepted tweets may take to reach every timeline before they count as lost. Default: ${DEFAULT-VALUE}.")
  double settleSeconds;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  public static void main(String[] args) {
    // The Pulsar client logs each reader it opens at INFO, and the dead letters are counted with a reader per look.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.pulsar", "warn");
    CommandLine command = new CommandLine(new ChirpDrill());
    command.getCommandSpec().usageMessage().footer(footer());
    System.exit(command.execute(args));
  }

  /** The drills, for --help. */
  static String[] footer() {
    List<String> lines = new ArrayList<>(List.of("", "Drills (--only NAME,...; default: all, in this order):"));
    Drill.ALL.forEach(d -> lines.add(String.format("  %-22s %s", d.name(), d.description())));
    lines.addAll(List.of("", "Columns: lost(Redis): (post, follower) pairs missing from the follower's Redis timeline;"
        + " extra: posts in a timeline whose user does not follow their author at the end (follow-storm); dup: extra copies;"
        + " dead+: dead letters added (poison-event: \"added (ours/expected)\"); errors-s: from the fault to the last failed"
        + " request; settled-s: time to converge, from the end of the workload until every check passed (never: not"
        + " within --settle-seconds)."));
    return lines.toArray(String[]::new);
  }

  @Override
  public Integer call() throws Exception {
    List<Drill> drills = Drill.ALL.stream().filter(d -> only == null || only.contains(d.name())).toList();
    if (only != null && drills.size() != only.size()) {
      System.err.println("unknown drill among " + only + "; drills: " + Drill.ALL.stream().map(Drill::name).toList());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try (PulsarClient pulsar = PulsarClient.builder().serviceUrl(pulsarUrl).build()) {
      WebClient api = BenchAccounts.client(vertx, apiUrl);
      DrillAudience audience = DrillAudience.signUp(api, authors, followers, follows, new Random(seed));
      System.out.printf("audience: %d authors, %d followers following %d each, %d users following and unfollowing%n",
          authors, followers, follows, audience.churners().size());
      ChirpConfig config = BenchConfig.cassandra(cassandra);
      TweetReader tweets = new TweetReader(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri));
      DrillCheck check = new DrillCheck(api, new TimelineReader(redis, "", config.integer("timeline.cap")), audience);
      String tweetTopic = config.string("pulsar.tweet-topic");
      String runId = Long.toString(System.currentTimeMillis(), 36);
      DeadLetterCounter deadLetters = new DeadLetterCounter(pulsar, tweetTopic, runId);
      List<DrillResult> results = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      System.out.println(DrillResult.HEADER);
      for (Drill drill : drills) {
        try {
          DrillResult result = run(vertx, api, audience, tweets, check, deadLetters, redis, pulsar, tweetTopic, runId, drill);
          results.add(result);
          System.out.println(result.row());
        } catch (Exception e) {
          // One drill that could not run or be checked does not cost the others their rows.
          System.err.println(drill.name() + " failed: " + e);
          failed.add(drill.name() + ": " + e);
        }
      }
      System.out.println();
      System.out.println(DrillResult.HEADER);
      results.forEach(r -> System.out.println(r.row()));
      failed.forEach(f -> System.out.println("failed to run: " + f));
      return failed.isEmpty() ? 0 : 1;
    } finally {
      vertx.close();
    }
  }

  private DrillResult run(Vertx vertx, WebClient api, DrillAudience audience, TweetReader tweets, DrillCheck check,
                          DeadLetterCounter deadLetters, Redis redis, PulsarClient pulsar, String tweetTopic, String runId,
                          Drill drill) throws Exception {
    DeadLetterCounter.Count deadBefore = deadLetters.countOrNull();
    DrillWorkload workload = new DrillWorkload(vertx, api, audience, postRate, readRate, new Random(seed + drill.name().hashCode()));
    workload.start();
    Thread.sleep((long) (beforeSeconds * 1000));
    long faultAt = System.nanoTime();
    Drill.Expectation expectation;
    try {
      expectation = drill.fault().inject(new Drill.Context(Path.of(stackState), faultSeconds, redis, pulsar, tweetTopic,
          runId, audience, workload));
      Thread.sleep((long) (afterSeconds * 1000));
    } finally {
      workload.stop();
    }
    await(workload.drained());

    Map<Long, Long> accepted = workload.accepted();
    long lostInCassandra = accepted.size() - await(tweets.tweets(accepted.keySet())).size();
    // Converged: every timeline as expected and, for a drill that expects dead letters, all of them there.
    long settleStart = System.nanoTime();
    Delivery delivery = null;
    DeadLetterCounter.Count deadAfter = null;
    while (true) {
      try {
        delivery = check.check(accepted, expectation, drill.readsThroughApiFirst());
      } catch (Exception e) {
        // A store or the API not back yet: the check is tried again until the settle time is over.
        if (System.nanoTime() - settleStart >= settleSeconds * 1e9) {
          if (delivery == null) throw e;
          break;
        }
        System.err.println(drill.name() + ": check failed, trying again: " + e);
        Thread.sleep(1000);
        continue;
      }
      deadAfter = expectation.deadLetters() > 0 ? deadLetters.countOrNull() : null;
      boolean deadLettersThere = expectation.deadLetters() == 0
          || deadAfter != null && deadBefore != null && deadAfter.marked() - deadBefore.marked() >= expectation.deadLetters();
      if (delivery.converged() && deadLettersThere) break;
      if (System.nanoTime() - settleStart >= settleSeconds * 1e9) break;
      Thread.sleep(1000);
    }
    boolean converged = delivery.converged()
        && (expectation.deadLetters() == 0 || deadAfter != null && deadBefore != null
            && deadAfter.marked() - deadBefore.marked() >= expectation.deadLetters());
    double convergedSeconds = converged ? (System.nanoTime() - settleStart) / 1e9 : Double.NaN;
    if (deadAfter == null) deadAfter = deadLetters.countOrNull();
    double recoveredSeconds = workload.lastFailureNanos() < faultAt ? 0 : (workload.lastFailureNanos() - faultAt) / 1e9;
    return new DrillResult(drill.name(), workload.requests(), workload.serverErrors(), workload.otherFailures(), accepted.size(),
        lostInCassandra, delivery, DrillResult.deadLetters(deadBefore, deadAfter, expectation.deadLetters()),
        recoveredSeconds, convergedSeconds);
  }

  /**
   * One row of the table. {@code deadLetters}: dead letters added during the drill ("?" if Pulsar could not be read);
   * for a drill that expects some, also "(ours/expected)".
   */
  record DrillResult(String name, long requests, long serverErrors, long otherFailures, long accepted, long lostInCassandra,
                     Delivery delivery, String deadLetters, double recoveredSeconds, double convergedSeconds) {
    static final String HEADER = String.format("%-24s %8s %6s %8s %6s %10s %11s %6s %6s %10s %9s %10s", "drill", "requests",
        "5xx", "other", "201", "lost(C*)", "lost(Redis)", "extra", "dup", "dead+", "errors-s", "settled-s");

    static String deadLetters(DeadLetterCounter.Count before, DeadLetterCounter.Count after, long expected) {
      if (before == null || after == null) return "?";
      String added = Long.toString(after.total() - before.total());
      return expected == 0 ? added : added + " (" + (after.marked() - before.marked()) + "/" + expected + ")";
    }

    String row() {
      return String.format("%-24s %8d %6d %8d %6d %10d %11d %6d %6d %10s %9.1f %10s", name, requests, serverErrors,
          otherFailures, accepted, lostInCassandra, delivery.missing(), delivery.extra(), delivery.duplicated(), deadLetters,
          recoveredSeconds, Double.isNaN(convergedSeconds) ? "never" : String.format("%.1f", convergedSeconds));
    }
  }
}
