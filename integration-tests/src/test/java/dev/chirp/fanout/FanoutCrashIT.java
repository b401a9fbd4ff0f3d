package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.http.Observability;
import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fan-out worker process killed with SIGKILL in the middle of a 20,000-follower fan-out loses nothing; one asked to
 * stop (SIGTERM) turns unready, finishes the fan-out it started and exits within the bound.
 */
@ExtendWith(ChirpEngines.class)
class FanoutCrashIT {
  private static final int FOLLOWERS = 20_000;
  private static final Pattern WRITES = Pattern.compile("(?m)^chirp_fanout_timeline_writes_total\\s+([0-9.E]+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @Test
  void aWorkerKilledMidFanOutFinishesAfterRestartWithEveryFollowerHavingTheTweetOnce(TestEngines engines) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "fanout-crash-logs"));
    Vertx vertx = Observability.newVertx();
    try (PulsarClient pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
         Driver neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri())) {
      ChirpConfig config = await(engines.config(vertx, "fanout-worker.json"));
      SnowflakeIds ids = new SnowflakeIds(903);
      Audience audience = Audience.load(vertx, config, neo4j, ids, FOLLOWERS);
      TimelineReader timelineReader = audience.timelines();
      long author = audience.author();
      long[] followers = audience.followers();

      // Small follower pages make the fan-out long enough to be killed in the middle of it.
      Map<String, String> env = environment(engines, Map.of("fanout.follower-page", "10"));
      int port = Integer.parseInt(env.get(ChirpConfig.envName("http.port")));
      Process first = startWorker(env, logs.resolve("first.log"));
      Process second = null;
      try {
        awaitReady(port);
        TweetCreated tweet = new TweetCreated(ids.next(), author, Instant.now(), List.of());
        try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES).topic(config.string("pulsar.tweet-topic")).create()) {
          producer.newMessage().key(tweet.key()).value(tweet.toBytes()).send();
        }
        double writtenWhenKilled = awaitWrites(port);
        first.destroyForcibly().waitFor();
        assertThat(writtenWhenKilled).as("timeline writes when the worker was killed").isGreaterThanOrEqualTo(100).isLessThan(FOLLOWERS);

        second = startWorker(environment(engines, Map.of()), logs.resolve("second.log"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> occurrences(timelineReader, followers, tweet.tweetId()).stream().allMatch(n -> n >= 1));
        assertThat(occurrences(timelineReader, followers, tweet.tweetId())).as("the tweet once in every follower's timeline")
            .hasSize(FOLLOWERS).containsOnly(1);
        assertThat(await(timelineReader.ids(author))).containsExactly(tweet.tweetId());
      } finally {
        first.destroyForcibly();
        if (second != null) second.destroyForcibly().waitFor();
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aWorkerAskedToStopTurnsUnreadyFinishesTheFanOutItStartedAndExitsInTime(TestEngines engines) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "fanout-crash-logs"));
    Vertx vertx = Observability.newVertx();
    try (PulsarClient pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
         Driver neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri())) {
      ChirpConfig config = await(engines.config(vertx, "fanout-worker.json"));
      SnowflakeIds ids = new SnowflakeIds(NodeRange.TESTS.nodeId(10));
      Audience audience = Audience.load(vertx, config, neo4j, ids, 5000);
      TimelineReader timelineReader = audience.timelines();
      long author = audience.author();
      long[] followers = audience.followers();

      Map<String, String> env = environment(engines, Map.of("fanout.follower-page", "10", "shutdown.unready-delay-ms", "500"));
      int port = Integer.parseInt(env.get(ChirpConfig.envName("http.port")));
      Path log = logs.resolve("sigterm.log");
      Process worker = startWorker(env, log);
      try {
        awaitReady(port);
        TweetCreated tweet = new TweetCreated(ids.next(), author, Instant.now(), List.of());
        try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES).topic(config.string("pulsar.tweet-topic")).create()) {
          producer.newMessage().key(tweet.key()).value(tweet.toBytes()).send();
        }
        awaitWrites(port);
        long asked = System.nanoTime();
        worker.destroy();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> readyStatus(port) == 503);
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("exited within the bound").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(30));
        // No worker runs any more: what the followers have, the stopping worker finished before it exited.
        assertThat(occurrences(timelineReader, followers, tweet.tweetId())).as("the tweet once in every follower's timeline")
            .hasSize(followers.length).containsOnly(1);
      } finally {
        worker.destroyForcibly().waitFor();
      }
    } finally {
      await(vertx.close());
    }
  }

  /** The worker's readiness status, 0 when it does not answer any more. */
  private static int readyStatus(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** An author with {@code count} followers in the graph, everyone with an active timeline; how to read them. */
  private record Audience(TimelineReader timelines, long author, long[] followers) {
    static Audience load(Vertx vertx, ChirpConfig config, Driver neo4j, SnowflakeIds ids, int count) {
      io.vertx.redis.client.Redis redis = RedisConnection.open(vertx, config).redis();
      String prefix = config.string("redis.key-prefix");
      int cap = config.integer("timeline.cap");
      long author = ids.next();
      long[] followers = new long[count];
      for (int i = 0; i < count; i++) followers[i] = ids.next();
      FanoutCrashIT.load(new GraphLoader(neo4j, vertx.getOrCreateContext()), new TimelineLoader(redis, prefix, cap), author, followers);
      return new Audience(new TimelineReader(redis, prefix, cap), author, followers);
    }
  }

  private static void load(GraphLoader graph, TimelineLoader timelines, long author, long[] followers) {
    List<Map<String, Object>> users = new ArrayList<>();
    users.add(Map.of("id", author, "handle", "crash" + Long.toString(author, 36)));
    for (long f : followers) users.add(Map.of("id", f, "handle", "c" + Long.toString(f, 36)));
    for (int i = 0; i < users.size(); i += 5000) await(graph.users(users.subList(i, Math.min(users.size(), i + 5000)), Instant.now()));
    List<long[]> edges = new ArrayList<>();
    for (long f : followers) edges.add(new long[] {f, author});
    for (int i = 0; i < edges.size(); i += 5000) await(graph.edges(edges.subList(i, Math.min(edges.size(), i + 5000)), Instant.now()));
    await(timelines.activate(author, Duration.ofDays(1)));
    for (int i = 0; i < followers.length; i += 1000) {
      List<Future<Boolean>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(followers.length, i + 1000); j++) batch.add(timelines.activate(followers[j], Duration.ofDays(1)));
      await(Future.all(batch));
    }
  }

  /** The worker's configuration as a launcher gives it: CHIRP_* environment variables. */
  private static Map<String, String> environment(TestEngines engines, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    // 20,000 followers: above the default celebrity threshold, which would skip the fan-out.
    env.put(ChirpConfig.envName("fanout.celebrity-threshold"), Integer.toString(FOLLOWERS * 2));
    engines.overrides().forEach((key, value) -> env.put(ChirpConfig.envName(key), value));
    extra.forEach((key, value) -> env.put(ChirpConfig.envName(key), value));
    return env;
  }

  private static Process startWorker(Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.chirp.fanout.Main").redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitReady(int port) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  /** Polls the worker's metrics until it has written into a hundred timelines or more; returns how many. */
  private static double awaitWrites(int port) {
    double[] written = {0};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
      String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = WRITES.matcher(metrics);
      written[0] = m.find() ? Double.parseDouble(m.group(1)) : 0;
      return written[0] >= 100;
    });
    return written[0];
  }

  private static List<Integer> occurrences(TimelineReader timelines, long[] users, long tweetId) {
    List<Integer> counts = new ArrayList<>(users.length);
    for (int i = 0; i < users.length; i += 1000) {
      List<Future<List<Long>>> reads = new ArrayList<>();
      for (int j = i; j < Math.min(users.length, i + 1000); j++) reads.add(timelines.ids(users[j]));
      await(Future.all(reads));
      reads.forEach(r -> counts.add((int) r.result().stream().filter(id -> id == tweetId).count()));
    }
    return counts;
  }
}
