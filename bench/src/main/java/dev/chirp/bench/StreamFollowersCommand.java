package dev.chirp.bench;

import dev.chirp.store.graph.FollowGraphReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** How fast the fan-out worker's read path streams all followers of one user. */
@Command(name = "stream-followers", description = "Stream all followers of a user through the graph read adapter, repeatedly.")
final class StreamFollowersCommand implements Callable<Integer> {
  @Option(names = "--neo4j", defaultValue = "bolt://127.0.0.1:7687", description = "Default: ${DEFAULT-VALUE}.")
  String neo4jUri;

  @Option(names = "--user", defaultValue = "" + GraphCommand.FIRST_ID, description = "Default: the celebrity of `bench graph`.")
  long userId;

  @Option(names = "--page", defaultValue = "1000", description = "Page size. Default: ${DEFAULT-VALUE}.")
  int pageSize;

  @Option(names = "--warmup", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--runs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int runs;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Driver driver = GraphDatabase.driver(neo4jUri, AuthTokens.none())) {
      FollowGraphReader reader = new FollowGraphReader(driver, vertx.getOrCreateContext());
      double best = 0;
      double sum = 0;
      for (int run = -warmup; run < runs; run++) {
        long start = System.nanoTime();
        long count = GraphCommand.await(reader.streamFollowerIds(userId, pageSize, ids -> Future.succeededFuture()));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = count / seconds;
        if (run >= 0) {
          best = Math.max(best, rate);
          sum += rate;
        }
        System.out.printf("%s %,d followers in %.3f s: %,.0f followers/s%n", run < 0 ? "warm-up" : "run    ", count, seconds, rate);
      }
      System.out.printf("streamed (warm, %d runs, page %d): mean %,.0f followers/s, best %,.0f followers/s%n",
          runs, pageSize, sum / runs, best);
      return 0;
    } finally {
      vertx.close();
    }
  }
}
