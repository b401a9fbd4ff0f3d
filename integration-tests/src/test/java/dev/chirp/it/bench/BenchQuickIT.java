package dev.chirp.it.bench;

import dev.chirp.bench.ChirpBench;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ./chirp bench --quick} against the test stack (its services, through its entry point): the report is
 * produced and its figures agree with each other and with the options; run again, it reuses the graph the first
 * run loaded. Speed is not checked.
 */
@ExtendWith(ChirpEngines.class)
class BenchQuickIT {
  private static final String[] CHARTS = {"latency.png", "throughput.png", "fanout.png", "backlog.png", "scaling.png", "followers.png"};

  /**
   * Runs it twice with the same options: the first run loads the graph (the test stack starts empty), the second
   * finds it recorded in Neo4j and reuses it.
   */
  @Test
  void theQuickRunWritesAConsistentReport(TestEngines engines) throws Exception {
    Path run = quickRun(engines);
    String html = Files.readString(run.resolve("report.html"));
    for (String chart : CHARTS) {
      byte[] png = Files.readAllBytes(run.resolve(chart));
      assertThat(png.length).as(chart).isGreaterThan(1000);
      assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).as(chart).isEqualTo("PNG");
      assertThat(html).contains("src=\"" + chart + "\"");
    }

    JsonObject results = new JsonObject(Files.readString(run.resolve("results.json")));
    JsonObject options = results.getJsonObject("options");
    assertThat(options.getBoolean("quick")).isTrue();
    assertThat(results.getJsonObject("machine").getInteger("cores")).isPositive();

    JsonObject graph = results.getJsonObject("graph");
    assertThat(graph.getInteger("users")).isEqualTo(options.getInteger("users"));
    assertThat(graph.getDouble("mean_followers")).isCloseTo(options.getDouble("mean_followers"), within(1.0));
    assertThat(graph.getInteger("max_followers")).isEqualTo(options.getInteger("celebrity_followers"));
    assertThat((double) graph.getInteger("median_followers")).as("skewed").isLessThan(graph.getDouble("mean_followers"));
    assertThat(graph.getBoolean("reused")).isFalse();
    assertThat(graph.getDouble("load_seconds")).isPositive();
    assertThat(graph.getDouble("edges_per_second")).isPositive();

    JsonObject limits = results.getJsonObject("limits");
    double redisLimit = limits.getDouble("redis_pipelined_pushes_per_second");
    double httpLimit = limits.getDouble("constant_json_requests_per_second");
    assertThat(redisLimit).isPositive();
    assertThat(httpLimit).isPositive();

    JsonObject workload = results.getJsonObject("workload");
    double seconds = workload.getDouble("seconds");
    for (String load : new String[] {"posts", "reads"}) {
      JsonObject result = workload.getJsonObject(load);
      double rate = workload.getDouble(load.equals("posts") ? "post_rate" : "read_rate");
      assertThat(result.getLong("requests")).as(load).isCloseTo(Math.round(rate * seconds), within(1L));
      assertThat(result.getLong("errors")).as(load + " errors: " + result.getJsonObject("errors_by_cause")).isZero();
      assertPercentiles(result.getJsonObject("latency_ms"), result.getLong("requests"));
    }
    assertThat(workload.getJsonObject("reads").getDouble("ratio_to_constant_json"))
        .isCloseTo(workload.getDouble("read_rate") / httpLimit, within(1e-9));

    JsonObject delivery = workload.getJsonObject("delivery_sampled");
    assertThat(delivery.getLong("tweets_sampled")).isPositive();
    assertThat(delivery.getLong("seen") + delivery.getLong("lost")).isEqualTo(delivery.getLong("follower_checks"));
    assertThat(delivery.getLong("lost")).isZero();
    assertThat(delivery.getLong("duplicated")).isZero();
    long seenCount = delivery.getJsonObject("fanned_out_latency_ms").getLong("count")
        + delivery.getJsonObject("merged_at_read_latency_ms").getLong("count");
    assertThat(seenCount).isEqualTo(delivery.getLong("seen"));

    JsonObject fanout = workload.getJsonObject("fanout");
    double measured = workload.getDouble("measured_seconds");
    assertThat(measured).isGreaterThanOrEqualTo(seconds);
    assertThat(fanout.getDouble("writes_per_second")).isCloseTo(fanout.getDouble("writes") / measured, within(1e-6));
    assertThat(workload.getDouble("achieved_posts_per_second"))
        .isCloseTo(workload.getJsonObject("posts").getLong("requests") / measured, within(1e-6));
    assertThat(fanout.getDouble("ratio_to_redis_limit")).isCloseTo(fanout.getDouble("writes_per_second") / redisLimit, within(1e-9));
    assertThat(workload.getJsonObject("delivery_worker_histogram").getDouble("tweets"))
        .isGreaterThanOrEqualTo(workload.getJsonObject("posts").getLong("requests"));

    JsonArray series = workload.getJsonArray("time_series");
    assertThat(series.size()).isGreaterThanOrEqualTo((int) (seconds + workload.getDouble("warmup_seconds")) - 1);
    for (int i = 1; i < series.size(); i++) {
      assertThat(series.getJsonObject(i).getDouble("t")).isGreaterThan(series.getJsonObject(i - 1).getDouble("t"));
    }
    long postsInSeries = series.stream().mapToLong(p -> ((JsonObject) p).getLong("posts_per_second")).sum();
    assertThat(postsInSeries).isLessThanOrEqualTo(Math.round(workload.getDouble("post_rate") * (seconds + workload.getDouble("warmup_seconds"))) + 1);
    assertThat(workload.getJsonArray("processes").stream().map(p -> ((JsonObject) p).getString("name")))
        .contains("bench (load generator)", "fanout-worker", "redis");

    JsonArray scaling = results.getJsonArray("scaling");
    assertThat(scaling.stream().map(p -> ((JsonObject) p).getLong("followers"))).containsExactly(100L, 1000L);
    for (int i = 0; i < scaling.size(); i++) {
      JsonObject point = scaling.getJsonObject(i);
      assertThat(point.getDouble("worker_applied_median_ms")).isPositive();
      assertThat(point.getDouble("follower_sees_it_median_ms")).as("the last follower saw the tweet").isNotNull();
    }

    // The second run reused the graph: the same one, and its recorded users, scale authors and their followers work.
    Path second = quickRun(engines);
    JsonObject again = new JsonObject(Files.readString(second.resolve("results.json")));
    JsonObject reusedGraph = again.getJsonObject("graph");
    assertThat(reusedGraph.getBoolean("reused")).isTrue();
    assertThat(reusedGraph.getString("key")).isEqualTo(graph.getString("key"));
    assertThat(reusedGraph.getString("loaded_at")).isEqualTo(graph.getString("loaded_at"));
    assertThat(reusedGraph.getInteger("users")).isEqualTo(graph.getInteger("users"));
    assertThat(reusedGraph.getLong("edges")).isEqualTo(graph.getLong("edges"));
    assertThat(reusedGraph.containsKey("load_seconds")).isFalse();
    JsonObject againWorkload = again.getJsonObject("workload");
    for (String load : new String[] {"posts", "reads"}) {
      assertThat(againWorkload.getJsonObject(load).getLong("errors")).as("second run, " + load + " errors").isZero();
    }
    assertThat(againWorkload.getJsonObject("delivery_sampled").getLong("seen")).isPositive();
    assertThat(againWorkload.getJsonObject("delivery_sampled").getLong("lost")).isZero();
    JsonArray againScaling = again.getJsonArray("scaling");
    assertThat(againScaling.stream().map(p -> ((JsonObject) p).getLong("followers"))).containsExactly(100L, 1000L);
    for (int i = 0; i < againScaling.size(); i++) {
      assertThat(againScaling.getJsonObject(i).getDouble("follower_sees_it_median_ms")).as("second run: the last follower saw it")
          .isNotNull();
    }
  }

  /** {@code ./chirp bench --quick} against the test stack, into a directory of its own; the run's report directory. */
  private static Path quickRun(TestEngines engines) throws Exception {
    Path out = Files.createTempDirectory(Path.of("target"), "bench-quick");
    int exit = ChirpBench.run("--quick", "--out", out.toString(), "--api", engines.edgeUrl(),
        "--worker-url", engines.serviceUrl("fanout-worker"), "--neo4j", engines.endpoints().neo4jUri(),
        "--redis", engines.endpoints().redisUri(), "--jwt-keys", engines.jwtKeysDir().toString(),
        "--celebrity-threshold", Integer.toString(ChirpEngines.CELEBRITY_THRESHOLD));
    assertThat(exit).isZero();
    List<Path> runs;
    try (Stream<Path> dirs = Files.list(out)) {
      runs = dirs.toList();
    }
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  /** Counted as many as were sent, and each percentile at least the one before. */
  private static void assertPercentiles(JsonObject latency, long requests) {
    assertThat(latency.getLong("count")).isEqualTo(requests);
    double previous = 0;
    for (String p : new String[] {"p50", "p75", "p90", "p95", "p99", "p99_9", "p99_99", "p100"}) {
      double value = latency.getDouble(p);
      assertThat(value).as(p).isGreaterThanOrEqualTo(previous);
      previous = value;
    }
  }
}
