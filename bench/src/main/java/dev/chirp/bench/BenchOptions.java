package dev.chirp.bench;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.util.List;

/** The options of the whole benchmark ({@code ./chirp bench [options]}); {@code --quick} scales them down. */
final class BenchOptions {
  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080", description = "The stack's entry point. Default: ${DEFAULT-VALUE}.")
  String apiUrl;

  @Option(names = "--worker-url", split = ",",
      description = "The fan-out workers whose metrics are summed (comma-separated). Default: every fanout-worker in --stack-state, else " + FanoutWorkers.DEFAULT_URL + ".")
  List<String> workerUrls;

  @Option(names = "--stack-state", defaultValue = ".chirp/stack.json",
      description = "The local stack's state file (./chirp up writes it), read to find the fan-out workers. Default: ${DEFAULT-VALUE}.")
  String stackState;

  @Option(names = "--neo4j", defaultValue = "bolt://127.0.0.1:7687", description = "Default: ${DEFAULT-VALUE}.")
  String neo4jUri;

  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Default: ${DEFAULT-VALUE}.")
  String redisUri;

  @Option(names = "--redis-prefix", defaultValue = "", description = "The stack's Redis key prefix. Default: none.")
  String redisPrefix;

  @Option(names = "--jwt-keys", defaultValue = ".chirp/keys",
      description = "Directory with the stack's JWT key pair (./chirp up writes it); the bench signs its users' tokens. Default: ${DEFAULT-VALUE}.")
  String jwtKeys;

  @Option(names = "--jwt-issuer", defaultValue = "chirp", description = "Default: ${DEFAULT-VALUE}.")
  String jwtIssuer;

  @Option(names = "--users", defaultValue = "100000", description = "Users in the generated graph. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--mean-followers", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
  double meanFollowers;

  @Option(names = "--exponent", defaultValue = "1.0",
      description = "Zipf exponent of follower counts by rank (larger: more skewed). Default: ${DEFAULT-VALUE}.")
  double exponent;

  @Option(names = "--celebrities", defaultValue = "5", description = "Users with --celebrity-followers each. Default: ${DEFAULT-VALUE}.")
  int celebrities;

  @Option(names = "--celebrity-followers", defaultValue = "20000", description = "Default: ${DEFAULT-VALUE}.")
  int celebrityFollowers;

  @Option(names = "--max-followers", defaultValue = "10000", description = "Cap for everyone else. Default: ${DEFAULT-VALUE}.")
  int maxFollowers;

  @Option(names = "--celebrity-threshold", defaultValue = "10000",
      description = "The worker's fanout.celebrity-threshold, to tell fanned-out tweets from merged ones. Default: ${DEFAULT-VALUE}.")
  int celebrityThreshold;

  @Option(names = "--seed", defaultValue = "42", description = "Graph and workload are reproducible from it. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--reload-graph",
      description = "A graph loaded by an earlier run with the same graph options and --seed is reused; this loads it afresh"
          + " (the old one stays in Neo4j until ./chirp up --fresh).")
  boolean reloadGraph;

  @Option(names = "--post-rate", defaultValue = "200", description = "Posts per second (open loop). Default: ${DEFAULT-VALUE}.")
  double postRate;

  @Option(names = "--read-rate", defaultValue = "0",
      description = "Home-timeline reads per second; 0: 50 x the post rate, capped by --max-read-rate. Default: ${DEFAULT-VALUE}.")
  double readRate;

  @Option(names = "--max-read-rate", defaultValue = "1000",
      description = "What this box takes next to the posting load. Default: ${DEFAULT-VALUE}.")
  double maxReadRate;

  @Option(names = "--authors", defaultValue = "5000",
      description = "Users the posts rotate over, drawn uniformly from the graph. Default: ${DEFAULT-VALUE}.")
  int authors;

  @Option(names = "--readers", defaultValue = "2000", description = "Users the reads rotate over. Default: ${DEFAULT-VALUE}.")
  int readers;

  @Option(names = "--seconds", defaultValue = "120", description = "Measured seconds of the workload. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--warmup", defaultValue = "30", description = "Seconds of load before measuring. Default: ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Option(names = "--delivery-samples", defaultValue = "5",
      description = "Posts per second whose delivery followers check through the API. Default: ${DEFAULT-VALUE}.")
  double deliverySamplesPerSecond;

  @Option(names = "--sample-followers", defaultValue = "3", description = "Followers checked per sampled post. Default: ${DEFAULT-VALUE}.")
  int sampleFollowers;

  @Option(names = "--delivery-deadline", defaultValue = "30", description = "Seconds before a sampled delivery counts as lost. Default: ${DEFAULT-VALUE}.")
  int deliveryDeadlineSeconds;

  @Option(names = "--scale-points", split = ",", defaultValue = "1000,10000,100000",
      description = "Audience sizes of the scaling curve (capped at --users). Default: ${DEFAULT-VALUE}.")
  List<Integer> scalePoints;

  @Option(names = "--scale-samples", defaultValue = "3", description = "Tweets per audience size. Default: ${DEFAULT-VALUE}.")
  int scaleSamples;

  @Option(names = "--limit-seconds", defaultValue = "10", description = "Seconds for each machine limit. Default: ${DEFAULT-VALUE}.")
  double limitSeconds;

  @Option(names = "--out", defaultValue = "bench-results", description = "Where bench-results/<timestamp>/ goes. Default: ${DEFAULT-VALUE}.")
  String outputDir;

  @Option(names = "--quick", description = "About a minute on a small graph: a smoke test of the whole run, not a measurement.")
  boolean quick;

  /** --quick: a small graph, short phases; anything else as given. */
  BenchOptions applyQuick() {
    if (!quick) return this;
    users = 2_000;
    meanFollowers = 20;
    celebrities = 2;
    celebrityFollowers = 1_000;
    maxFollowers = 500;
    postRate = 20;
    readRate = 100;
    readers = 200;
    authors = 300;
    seconds = 15;
    warmupSeconds = 5;
    deliverySamplesPerSecond = 2;
    scalePoints = List.of(100, 1_000);
    scaleSamples = 1;
    limitSeconds = 2;
    deliveryDeadlineSeconds = 15;
    return this;
  }

  JsonObject toJson() {
    return new JsonObject().put("api", apiUrl).put("users", users).put("mean_followers", meanFollowers).put("exponent", exponent)
        .put("celebrities", celebrities).put("celebrity_followers", celebrityFollowers).put("max_followers", maxFollowers)
        .put("celebrity_threshold", celebrityThreshold).put("seed", seed).put("post_rate", postRate).put("read_rate", readRate)
        .put("max_read_rate", maxReadRate).put("authors", authors).put("readers", readers).put("seconds", seconds).put("warmup_seconds", warmupSeconds)
        .put("delivery_samples_per_second", deliverySamplesPerSecond).put("sample_followers", sampleFollowers)
        .put("delivery_deadline_seconds", deliveryDeadlineSeconds).put("scale_points", scalePoints)
        .put("scale_samples", scaleSamples).put("limit_seconds", limitSeconds).put("quick", quick)
        .put("reload_graph", reloadGraph);
  }
}
