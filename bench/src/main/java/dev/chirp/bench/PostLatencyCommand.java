package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Posting over HTTP at steady open-loop rates against tweet-svc of a running stack, then reading authors' own
 * timelines (20 tweets) at a steady rate.
 */
@Command(name = "post", description = "Post latency at steady open-loop rates, then user-timeline read latency.")
final class PostLatencyCommand implements Callable<Integer> {
  @Option(names = "--tweet-url", defaultValue = "http://127.0.0.1:8081", description = "tweet-svc. Default: ${DEFAULT-VALUE}.")
  String tweetUrl;

  @Option(names = "--follow-url", defaultValue = "http://127.0.0.1:8082", description = "follow-svc (sign-up). Default: ${DEFAULT-VALUE}.")
  String followUrl;

  @Option(names = "--rates", split = ",", defaultValue = "100,500,1000", description = "Posts per second, one run each. Default: ${DEFAULT-VALUE}.")
  List<Double> rates;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured duration per rate. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured seconds before each rate. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--authors", defaultValue = "100", description = "Accounts that post. Default: ${DEFAULT-VALUE}.")
  int authors;

  @Option(names = "--without-idempotency-keys", description = "Post without an Idempotency-Key (which costs a Cassandra LWT each).")
  boolean withoutIdempotencyKeys;

  @Option(names = "--read-rate", defaultValue = "1000", description = "User-timeline reads per second (0: skip). Default: ${DEFAULT-VALUE}.")
  double readRate;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WebClient tweets = BenchAccounts.client(vertx, tweetUrl);
      List<Account> people = BenchAccounts.signUp(BenchAccounts.client(vertx, followUrl), authors, "pt");
      long errors = 0;
      for (double rate : rates) {
        OpenLoop.Result result = GraphCommand.await(OpenLoop.run(vertx, rate, warmup, seconds, () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          Account author = people.get(random.nextInt(people.size()));
          Account mentioned = people.get(random.nextInt(people.size()));
          var request = tweets.post("/api/v1/tweets").putHeader("Authorization", "Bearer " + author.token());
          if (!withoutIdempotencyKeys) request.putHeader("Idempotency-Key", UUID.randomUUID().toString());
          return request.sendJsonObject(new JsonObject().put("text", "load test tweet for @" + mentioned.handle()
                  + " number " + random.nextInt()))
              .compose(r -> BenchAccounts.expect(r, 201));
        }));
        result.print("post" + (withoutIdempotencyKeys ? " without Idempotency-Key" : " with Idempotency-Key"), rate);
        errors += result.errors();
      }
      if (readRate > 0) {
        OpenLoop.Result reads = GraphCommand.await(OpenLoop.run(vertx, readRate, warmup, seconds, () -> {
          Account author = people.get(ThreadLocalRandom.current().nextInt(people.size()));
          return tweets.get("/api/v1/users/" + author.id() + "/tweets?limit=20").send()
              .compose(r -> r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("tweets").size() == 20
                  ? Future.succeededFuture() : Future.failedFuture("HTTP " + r.statusCode()));
        }));
        reads.print("user timeline, 20 tweets", readRate);
        errors += reads.errors();
      }
      return errors == 0 ? 0 : 1;
    } finally {
      vertx.close();
    }
  }
}
