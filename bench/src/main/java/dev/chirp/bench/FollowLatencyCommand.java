package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** Follow/unfollow latency over HTTP at a steady rate, against follow-svc of a running stack. */
@Command(name = "follow", description = "Follow/unfollow latency over HTTP at a steady open-loop rate.")
final class FollowLatencyCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "http://127.0.0.1:8082", description = "follow-svc. Default: ${DEFAULT-VALUE}.")
  String url;

  @Option(names = "--rate", defaultValue = "200", description = "Requests per second. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured duration. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup", defaultValue = "10", description = "Unmeasured seconds first. Default: ${DEFAULT-VALUE}.")
  double warmup;

  @Option(names = "--accounts", defaultValue = "50", description = "Accounts to follow each other. Default: ${DEFAULT-VALUE}.")
  int accounts;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      WebClient client = BenchAccounts.client(vertx, url);
      List<Account> people = BenchAccounts.signUp(client, accounts, "lt");
      OpenLoop.Result result = GraphCommand.await(OpenLoop.run(vertx, rate, warmup, seconds, () -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Account who = people.get(random.nextInt(people.size()));
        Account target = people.get(random.nextInt(people.size()));
        if (who == target) target = people.get((people.indexOf(who) + 1) % people.size());
        HttpMethod method = random.nextBoolean() ? HttpMethod.PUT : HttpMethod.DELETE;
        return client.request(method, "/api/v1/users/" + who.id() + "/following/" + target.id())
            .putHeader("Authorization", "Bearer " + who.token()).send()
            .compose(r -> r.statusCode() == 204 ? Future.succeededFuture() : Future.failedFuture("HTTP " + r.statusCode()));
      }));
      result.print("follow/unfollow", rate);
      return result.errors() == 0 ? 0 : 1;
    } finally {
      vertx.close();
    }
  }
}
