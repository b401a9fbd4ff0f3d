package dev.chirp.bench;

import dev.chirp.store.graph.GraphLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Bulk-loads a benchmark graph: user 0 is a celebrity with {@code --celebrity-followers} followers, the other
 * edges join random pairs. Ids start at {@link #FIRST_ID}, far above the ids the services hand out.
 */
@Command(name = "graph", description = "Bulk-load a benchmark follow graph into the stack's Neo4j.")
final class GraphCommand implements Callable<Integer> {
  static final long FIRST_ID = 5_000_000_000_000_000_000L;
  private static final int BATCH = 10_000;

  @Option(names = "--neo4j", defaultValue = "bolt://127.0.0.1:7687", description = "Default: ${DEFAULT-VALUE}.")
  String neo4jUri;

  @Option(names = "--users", defaultValue = "100000", description = "Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--edges", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}.")
  int edges;

  @Option(names = "--celebrity-followers", defaultValue = "50000", description = "Followers of user 0. Default: ${DEFAULT-VALUE}.")
  int celebrityFollowers;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (celebrityFollowers >= users || edges < celebrityFollowers) throw new IllegalArgumentException("need users > celebrity followers <= edges");
    Vertx vertx = Vertx.vertx();
    try (Driver driver = GraphDatabase.driver(neo4jUri, AuthTokens.none())) {
      GraphLoader graph = new GraphLoader(driver, vertx.getOrCreateContext());
      Instant now = Instant.now();
      long start = System.nanoTime();
      for (int from = 0; from < users; from += BATCH) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(users, from + BATCH); i++) batch.add(Map.of("id", FIRST_ID + i, "handle", "b" + seed + "_" + i));
        await(graph.users(batch, now));
      }
      double userSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("users: %,d in %.1f s (%,.0f/s)%n", users, userSeconds, users / userSeconds);

      Random random = new Random(seed);
      Set<Long> pairs = new HashSet<>();
      List<long[]> batch = new ArrayList<>();
      long edgeStart = System.nanoTime();
      int made = 0;
      while (made < edges) {
        long follower;
        long followee;
        if (made < celebrityFollowers) {
          follower = made + 1;
          followee = 0;
        } else {
          follower = 1 + random.nextInt(users - 1);
          followee = 1 + random.nextInt(users - 1);
          if (follower == followee || !pairs.add(follower * users + followee)) continue;
        }
        batch.add(new long[] {FIRST_ID + follower, FIRST_ID + followee});
        made++;
        if (batch.size() == BATCH) {
          await(graph.edges(batch, now));
          batch = new ArrayList<>();
          if (made % 100_000 == 0) System.out.printf("  %,d edges, %.0f s%n", made, (System.nanoTime() - edgeStart) / 1e9);
        }
      }
      if (!batch.isEmpty()) await(graph.edges(batch, now));
      double edgeSeconds = (System.nanoTime() - edgeStart) / 1e9;
      System.out.printf("edges: %,d in %.1f s (%,.0f/s); celebrity id %d has %,d followers%n",
          edges, edgeSeconds, edges / edgeSeconds, FIRST_ID, celebrityFollowers);
      return 0;
    } finally {
      vertx.close();
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
