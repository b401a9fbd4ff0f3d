package dev.chirp.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bench-results/<timestamp>/}: results.json, PNG charts and report.html, and the console summary. */
final class BenchReport {
  /** Percentiles drawn in latency charts, as keys of the results' latency objects. */
  private static final String[] CURVE = {"p50", "p75", "p90", "p95", "p99", "p99_9", "p99_99"};
  private static final double[] CURVE_PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};

  private BenchReport() {
  }

  static Path write(Path root, JsonObject results) throws IOException {
    Path dir = root.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), results.encodePrettily());
    System.setProperty("java.awt.headless", "true");
    Map<String, String> charts = new LinkedHashMap<>();
    JsonObject workload = results.getJsonObject("workload");
    charts.put("latency.png", "Latency percentiles (open loop, from the scheduled send time)");
    save(latencyChart(workload), dir.resolve("latency.png"));
    charts.put("throughput.png", "Posts and reads completed per second");
    save(timeChart(workload.getJsonArray("time_series"), "requests/s", "posts_per_second", "reads_per_second"), dir.resolve("throughput.png"));
    charts.put("fanout.png", "Timeline writes per second by the fan-out worker");
    save(timeChart(workload.getJsonArray("time_series"), "writes/s", "fanout_writes_per_second"), dir.resolve("fanout.png"));
    charts.put("backlog.png", "The fan-out worker's Pulsar backlog (messages not yet acknowledged)");
    save(timeChart(workload.getJsonArray("time_series"), "messages", "backlog"), dir.resolve("backlog.png"));
    charts.put("scaling.png", "Delivery latency by audience size (one author at a time)");
    save(scalingChart(results.getJsonArray("scaling")), dir.resolve("scaling.png"));
    charts.put("followers.png", "Follower count by rank (the generated graph)");
    save(followersChart(results.getJsonObject("graph").getJsonArray("follower_counts_by_rank")), dir.resolve("followers.png"));
    Files.writeString(dir.resolve("report.html"), html(results, charts));
    return dir;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(900).height(450).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  private static XYChart latencyChart(JsonObject workload) {
    XYChart chart = chart("Latency by percentile", "percentile (nines: 1 = p90, 2 = p99, 3 = p99.9)", "ms");
    chart.getStyler().setYAxisLogarithmic(true).setYAxisDecimalPattern("#,##0.#");
    addCurve(chart, "post (accepted)", workload.getJsonObject("posts").getJsonObject("latency_ms"));
    addCurve(chart, "home-timeline read", workload.getJsonObject("reads").getJsonObject("latency_ms"));
    JsonObject delivery = workload.getJsonObject("delivery_sampled");
    addCurve(chart, "delivery, seen by followers", delivery.getJsonObject("fanned_out_latency_ms"));
    addCurve(chart, "delivery of celebrities' tweets (merged at read)", delivery.getJsonObject("merged_at_read_latency_ms"));
    return chart;
  }

  private static void addCurve(XYChart chart, String name, JsonObject latency) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < CURVE.length; i++) {
      Double value = latency.getDouble(CURVE[i]);
      if (value == null || value <= 0) continue;
      x.add(-Math.log10(1 - CURVE_PERCENTILES[i] / 100));
      y.add(value);
    }
    if (!x.isEmpty()) chart.addSeries(name, x, y);
  }

  private static XYChart timeChart(JsonArray series, String yTitle, String... fields) {
    XYChart chart = chart(String.join(", ", fields).replace('_', ' '), "seconds since the load started", yTitle);
    for (String field : fields) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < series.size(); i++) {
        x.add(series.getJsonObject(i).getDouble("t"));
        y.add(series.getJsonObject(i).getNumber(field).doubleValue());
      }
      if (!x.isEmpty()) chart.addSeries(field.replace('_', ' '), x, y).setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  private static XYChart scalingChart(JsonArray points) {
    XYChart chart = chart("Delivery latency vs audience size", "followers", "ms");
    chart.getStyler().setXAxisLogarithmic(true).setXAxisDecimalPattern("#,##0");
    for (String[] field : new String[][] {{"worker_applied_median_ms", "worker applied the event (median)"},
        {"follower_sees_it_median_ms", "last follower sees it through the API (median)"}}) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        Double value = points.getJsonObject(i).getDouble(field[0]);
        if (value == null) continue;
        x.add(points.getJsonObject(i).getDouble("followers"));
        y.add(value);
      }
      if (!x.isEmpty()) chart.addSeries(field[1], x, y);
    }
    return chart;
  }

  private static XYChart followersChart(JsonArray byRank) {
    XYChart chart = chart("Followers by rank", "rank", "followers");
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setXAxisDecimalPattern("#,##0")
        .setYAxisDecimalPattern("#,##0");
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < byRank.size(); i++) {
      double followers = byRank.getJsonArray(i).getDouble(1);
      if (followers <= 0) continue;
      x.add(byRank.getJsonArray(i).getDouble(0));
      y.add(followers);
    }
    if (!x.isEmpty()) chart.addSeries("users", x, y);
    return chart;
  }

  // --- text ---------------------------------------------------------------------------------------------------

  /** The figures that matter, with the targets, one line each. */
  static String summary(JsonObject r) {
    JsonObject w = r.getJsonObject("workload");
    JsonObject limits = r.getJsonObject("limits");
    JsonObject delivery = w.getJsonObject("delivery_sampled");
    JsonObject fanout = w.getJsonObject("fanout");
    StringBuilder s = new StringBuilder("\n=== Chirp bench summary ===\n");
    s.append(String.format("machine: %d cores, %.1f GB; graph %,d users, %,d follows%n", r.getJsonObject("machine").getInteger("cores"),
        r.getJsonObject("machine").getLong("memory_bytes") / 1e9, r.getJsonObject("graph").getInteger("users"),
        r.getJsonObject("graph").getLong("edges")));
    s.append(String.format("limits: Redis %,.0f pipelined pushes/s; constant-JSON route %,.0f requests/s%n",
        limits.getDouble("redis_pipelined_pushes_per_second"), limits.getDouble("constant_json_requests_per_second")));
    s.append(String.format("offered %.0f posts/s + %.0f reads/s for %.0f s; completed in %.0f s: %.0f posts/s + %.0f reads/s%n",
        w.getDouble("post_rate"), w.getDouble("read_rate"), w.getDouble("seconds"), w.getDouble("measured_seconds"),
        w.getDouble("achieved_posts_per_second"), w.getDouble("achieved_reads_per_second")));
    s.append(line("posts", w.getDouble("post_rate"), w.getJsonObject("posts")));
    s.append(line("reads", w.getDouble("read_rate"), w.getJsonObject("reads")));
    s.append(String.format("delivery seen by sampled followers: %s; %d seen, %d lost, %s duplicated (target: p99 < 1 s, 0 lost, 0 duplicated)%n",
        latency(delivery.getJsonObject("fanned_out_latency_ms")), delivery.getLong("seen"), delivery.getLong("lost"),
        delivery.getValue("duplicated")));
    JsonObject workerHistogram = w.getJsonObject("delivery_worker_histogram");
    s.append(String.format("delivery by the worker's histogram: p50 ≤ %s ms, p99 ≤ %s ms (bucket bounds)%n",
        workerHistogram.getValue("p50_le_ms"), workerHistogram.getValue("p99_le_ms")));
    s.append(String.format("fan-out (%d worker%s): %,.0f writes/s = %.2f x Redis' limit; peak second %,.0f = %.2f x (target ≥ 0.5 x)%n",
        fanout.getJsonArray("workers").size(), fanout.getJsonArray("workers").size() == 1 ? "" : "s", fanout.getDouble("writes_per_second"), fanout.getDouble("ratio_to_redis_limit"), fanout.getDouble("peak_writes_per_second"),
        fanout.getDouble("peak_ratio_to_redis_limit")));
    JsonArray scaling = r.getJsonArray("scaling");
    for (int i = 0; i < scaling.size(); i++) {
      JsonObject p = scaling.getJsonObject(i);
      s.append(String.format("audience %,d: applied in %.0f ms, %s%n", p.getLong("followers"), p.getDouble("worker_applied_median_ms"),
          p.getBoolean("fanned_out") ? String.format("%,.0f writes/s", p.getDouble("writes_per_second")) : "merged at read (celebrity)"));
    }
    return s.toString();
  }

  private static String line(String what, double rate, JsonObject load) {
    return String.format("%s: %.0f/s, %,d requests, %,d errors; latency %s%n", what, rate, load.getLong("requests"),
        load.getLong("errors"), latency(load.getJsonObject("latency_ms")));
  }

  private static String latency(JsonObject ms) {
    return ms.getLong("count") == 0 ? "no samples" : String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        ms.getDouble("p50"), ms.getDouble("p99"), ms.getDouble("p100"));
  }

  private static String html(JsonObject r, Map<String, String> charts) {
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Chirp bench</title><style>"
        + "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}"
        + "pre{background:#f8f8f8;padding:1em;overflow:auto}</style></head><body><h1>Chirp bench</h1>");
    h.append("<p>Open-loop load through the HTTP API (latency from each request's scheduled time, so stalls count);"
        + " limits measured in the same run. Every figure is in <code>results.json</code>.</p>");
    h.append("<h2>Summary</h2><pre>").append(escape(summary(r))).append("</pre>");
    JsonObject w = r.getJsonObject("workload");
    h.append("<h2>Latency (ms)</h2><table><tr><th>what</th><th>count</th>");
    for (String p : CURVE) h.append("<th>").append(p.replace('_', '.')).append("</th>");
    h.append("<th>max</th></tr>");
    row(h, "post", w.getJsonObject("posts").getJsonObject("latency_ms"));
    row(h, "home-timeline read", w.getJsonObject("reads").getJsonObject("latency_ms"));
    row(h, "delivery seen by followers", w.getJsonObject("delivery_sampled").getJsonObject("fanned_out_latency_ms"));
    row(h, "celebrity tweet seen (merged at read)", w.getJsonObject("delivery_sampled").getJsonObject("merged_at_read_latency_ms"));
    h.append("</table>");
    h.append("<h2>Processes during the workload</h2><table><tr><th>process</th><th>pid</th><th>CPU (cores)</th><th>peak RSS (MB)</th></tr>");
    JsonArray processes = w.getJsonArray("processes");
    for (int i = 0; i < processes.size(); i++) {
      JsonObject p = processes.getJsonObject(i);
      h.append(String.format("<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.0f</td></tr>", escape(p.getString("name")),
          p.getLong("pid"), p.getDouble("cpu_cores"), p.getDouble("peak_rss_mb")));
    }
    h.append("</table>");
    charts.forEach((file, caption) -> h.append("<h2>").append(escape(caption)).append("</h2><img src=\"").append(file)
        .append("\" alt=\"").append(escape(caption)).append("\" width=\"900\">"));
    h.append("<h2>Options and machine</h2><pre>").append(escape(r.getJsonObject("options").encodePrettily())).append("\n")
        .append(escape(r.getJsonObject("machine").encodePrettily())).append("</pre></body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String what, JsonObject ms) {
    h.append("<tr><td>").append(escape(what)).append("</td><td>").append(ms.getLong("count")).append("</td>");
    for (String p : CURVE) h.append("<td>").append(format(ms.getDouble(p))).append("</td>");
    h.append("<td>").append(format(ms.getDouble("p100"))).append("</td></tr>");
  }

  private static String format(Double value) {
    return value == null ? "—" : String.format("%.1f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
