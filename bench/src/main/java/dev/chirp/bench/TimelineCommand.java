package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import dev.chirp.common.users.UserRef;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetImporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
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
 * Home-timeline reads against timeline-svc of a running stack: users with full cached timelines of real
 * tweets, open-loop reads at steady rates for pages of 20 and 50, next to a constant-JSON Vert.x route of the
 * same size served from this process and measured the same way; then the rebuild of a user following 500.
 */
@Command(name = "timeline", description = "Home-timeline read latency and rate, next to a constant-JSON route; rebuild time.")
final class TimelineCommand implements Callable<Integer> {
  @Option(names = "--timeline-url", defaultValue = "http://127.0.0.1:8083", description = "Default: ${DEFAULT-VALUE}.")
  String timelineUrl;

  @Option(names = "--follow-url", defaultValue = "http://127.0.0.1:8082", description = "Default: ${DEFAULT-VALUE}.")
  String followUrl;

  @Option(names = "--neo4j", defaultValue = "bolt://127.0.0.1:7687", description = "Default: ${DEFAULT-VALUE}.")
  String neo4jUri;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Default: ${DEFAULT-VALUE}.")
  String redisUri;

  @Option(names = "--cassandra", defaultValue = "127.0.0.1:9042", description = "Default: ${DEFAULT-VALUE}.")
  String cassandra;

  @Option(names = "--users", defaultValue = "10000", description = "Readers with full timelines. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--tweets", defaultValue = "20000", description = "Tweets their timelines hold. Default: ${DEFAULT-VALUE}.")
  int tweets;

  @Option(names = "--readers", defaultValue = "50", description = "Signed-in readers the load rotates over. Default: ${DEFAULT-VALUE}.")
  int readers;

  @Option(names = "--rates", split = ",", defaultValue = "500,1000,2000,3000", description = "Reads per second. Default: ${DEFAULT-VALUE}.")
  List<Double> rates;

  @Option(names = "--seconds", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Driver neo4j = GraphDatabase.driver(neo4jUri, AuthTokens.none())) {
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri).setMaxPoolWaiting(4096));
      TimelineLoader timelines = new TimelineLoader(redis, "", 800);
      TimelineReader reader = new TimelineReader(redis, "", 800);
      TweetImporter store = new TweetImporter(CassandraConnection.open(vertx, BenchConfig.cassandra(cassandra)).session(),
          vertx.getOrCreateContext());
      GraphLoader graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
      Random random = new Random(1);
      SnowflakeIds ids = new SnowflakeIds(1000 + random.nextInt(23));

      long begin = System.nanoTime();
      List<Account> signedIn = BenchAccounts.signUp(BenchAccounts.client(vertx, followUrl), readers, "tl");
      long[] authors = new long[500];
      for (int i = 0; i < authors.length; i++) authors[i] = ids.next();
      List<Map<String, Object>> authorRows = new ArrayList<>();
      for (long author : authors) authorRows.add(Map.of("id", author, "handle", "tla" + Long.toString(author, 36)));
      await(graph.users(authorRows, Instant.now()));
      long[] tweetIds = importTweets(store, ids, tweets, authors);
      long[] everyone = new long[users];
      for (int i = 0; i < readers; i++) everyone[i] = Long.parseLong(signedIn.get(i).id());
      for (int i = readers; i < users; i++) everyone[i] = ids.next();
      for (int i = 0; i < users; i += 500) {
        List<Future<Long>> batch = new ArrayList<>();
        for (int j = i; j < Math.min(users, i + 500); j++) {
          List<Long> picked = new ArrayList<>(800);
          for (int k = 0; k < 800; k++) picked.add(tweetIds[random.nextInt(tweetIds.length)]);
          batch.add(timelines.fill(everyone[j], picked, Duration.ofDays(30)));
        }
        await(Future.all(batch));
      }
      System.out.printf("set-up: %,d users with full timelines over %,d tweets of 500 authors, in %.1f s%n",
          users, tweets, (System.nanoTime() - begin) / 1e9);

      WebClient client = BenchAccounts.client(vertx, timelineUrl);
      for (int limit : new int[] {20, 50}) {
        String sample = await(client.get("/api/v1/users/" + signedIn.get(0).id() + "/home_timeline?limit=" + limit)
            .putHeader("Authorization", "Bearer " + signedIn.get(0).token()).send()).bodyAsString();
        ConstantJsonRoute constant = ConstantJsonRoute.start(vertx, sample);
        for (double rate : rates) {
          OpenLoop.Result home = await(OpenLoop.run(vertx, rate, warmup, seconds, () -> {
            Account who = signedIn.get(random.nextInt(signedIn.size()));
            return client.get("/api/v1/users/" + who.id() + "/home_timeline?limit=" + limit)
                .putHeader("Authorization", "Bearer " + who.token()).send()
                .compose(r -> BenchAccounts.expect(r, 200));
          }));
          home.print("home timeline, " + limit + " tweets (" + sample.length() + " bytes)", rate);
          OpenLoop.Result flat = await(OpenLoop.run(vertx, rate, warmup, seconds, () -> constant.client().get("/").send()));
          flat.print("constant JSON of " + sample.length() + " bytes", rate);
        }
        constant.close();
      }

      // A user following 500 authors, without a cached timeline: the first read rebuilds it.
      Account rebuilt = BenchAccounts.signUp(BenchAccounts.client(vertx, followUrl), 1, "rb").get(0);
      long rebuiltId = Long.parseLong(rebuilt.id());
      List<long[]> edges = new ArrayList<>();
      for (long author : authors) edges.add(new long[] {rebuiltId, author});
      await(graph.edges(edges, Instant.now()));
      List<Double> rebuildMillis = new ArrayList<>();
      for (int run = 0; run < 5; run++) {
        await(timelines.evict(rebuiltId));
        long start = System.nanoTime();
        int status = await(client.get("/api/v1/users/" + rebuilt.id() + "/home_timeline?limit=20")
            .putHeader("Authorization", "Bearer " + rebuilt.token()).send()).statusCode();
        rebuildMillis.add((System.nanoTime() - start) / 1e6);
        if (status != 200) throw new IllegalStateException("rebuild read: HTTP " + status);
      }
      System.out.printf("rebuild on a miss, user following 500 authors (%d cached entries after): first reads %s ms%n",
          await(reader.ids(rebuiltId)).size(), rebuildMillis.stream().map(m -> String.format("%.0f", m)).toList());
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static long[] importTweets(TweetImporter store, SnowflakeIds ids, int count, long[] authors) throws Exception {
    long[] tweetIds = new long[count];
    for (int i = 0; i < count; i += 200) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(count, i + 200); j++) {
        long id = ids.next();
        tweetIds[j] = id;
        long author = authors[j % authors.length];
        batch.add(store.importTweet(new Tweet(id, author, "tla" + Long.toString(author, 36), "benchmark tweet number " + j
            + " with some ordinary text to hydrate", SnowflakeIds.timeOf(id), List.<UserRef>of())));
      }
      await(Future.all(batch));
    }
    return tweetIds;
  }
}
