package dev.chirp.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second while the workload runs: completed posts and reads, the worker's timeline writes and backlog;
 * every 5 s the CPU and memory of each process. Prints progress lines. Runs on its own thread, so scraping
 * the worker never holds up the load.
 */
final class TimeSeries {
  private final WorkerMetrics worker;
  private final BenchRun.Counts posts;
  private final BenchRun.Counts reads;
  private final double warmupSeconds;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-series"));
  private final List<JsonObject> points = new ArrayList<>();
  private final Map<Long, ProcessStats.Sample> firstProcessSample = new HashMap<>();
  private final Map<Long, ProcessStats.Sample> lastProcessSample = new HashMap<>();
  private final Map<Long, Long> peakRss = new HashMap<>();
  private long start;
  private long firstProcessTime;
  private long lastProcessTime;
  private long lastPosts;
  private long lastReads;
  private long lastErrors;
  private double lastWrites = Double.NaN;
  private Map<String, Double> atMeasureStart;

  TimeSeries(WorkerMetrics worker, BenchRun.Counts posts, BenchRun.Counts reads, double warmupSeconds) {
    this.worker = worker;
    this.posts = posts;
    this.reads = reads;
    this.warmupSeconds = warmupSeconds;
  }

  void start() {
    start = System.nanoTime();
    thread.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(10, TimeUnit.SECONDS);
  }

  private synchronized void tick() {
    try {
      double t = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
      Map<String, Double> metrics = worker.scrape();
      if (atMeasureStart == null && t >= warmupSeconds) atMeasureStart = metrics;
      long postsNow = posts.ok.get();
      long readsNow = reads.ok.get();
      long errorsNow = posts.failed.get() + reads.failed.get();
      double writes = metrics.get(WorkerMetrics.WRITES);
      JsonObject point = new JsonObject().put("t", t)
          .put("posts_per_second", postsNow - lastPosts).put("reads_per_second", readsNow - lastReads)
          .put("errors_per_second", errorsNow - lastErrors)
          .put("fanout_writes_per_second", Double.isNaN(lastWrites) ? 0 : writes - lastWrites)
          .put("backlog", metrics.get(WorkerMetrics.BACKLOG));
      points.add(point);
      lastPosts = postsNow;
      lastReads = readsNow;
      lastErrors = errorsNow;
      lastWrites = writes;
      if (Math.round(t) % 5 == 0) sampleProcesses(point);
    } catch (Exception e) {
      System.out.println("  (time series: " + e.getMessage() + ")");
    }
  }

  private void sampleProcesses(JsonObject point) {
    long now = System.nanoTime();
    if (firstProcessTime == 0) firstProcessTime = now;
    lastProcessTime = now;
    for (ProcessStats.Sample s : ProcessStats.sample()) {
      firstProcessSample.putIfAbsent(s.pid(), s);
      lastProcessSample.put(s.pid(), s);
      peakRss.merge(s.pid(), s.rssBytes(), Math::max);
    }
    System.out.printf("  [%3.0f s%s] posts %.0f/s, reads %.0f/s, fan-out writes %,.0f/s, backlog %.0f, errors %d/s%n",
        point.getDouble("t"), point.getDouble("t") < warmupSeconds ? " warm-up" : "", (double) point.getLong("posts_per_second"),
        (double) point.getLong("reads_per_second"), point.getDouble("fanout_writes_per_second"), point.getDouble("backlog"),
        point.getLong("errors_per_second"));
  }

  synchronized Optional<Map<String, Double>> atMeasureStart() {
    return Optional.ofNullable(atMeasureStart);
  }

  synchronized double peak(String field) {
    return points.stream().mapToDouble(p -> p.getNumber(field).doubleValue()).max().orElse(0);
  }

  synchronized JsonArray toJson() {
    return new JsonArray(new ArrayList<>(points));
  }

  /** Per process: mean CPU (cores) over the workload and peak resident memory. */
  synchronized JsonArray processesJson() {
    JsonArray processes = new JsonArray();
    lastProcessSample.forEach((pid, last) -> {
      ProcessStats.Sample first = firstProcessSample.get(pid);
      double seconds = Math.max(1e-9, (lastProcessTime - firstProcessTime) / 1e9);
      processes.add(new JsonObject().put("name", last.name()).put("pid", pid)
          .put("cpu_cores", (last.cpuSeconds() - first.cpuSeconds()) / seconds)
          .put("peak_rss_mb", peakRss.get(pid) / 1048576.0));
    });
    return processes;
  }
}
