package dev.chirp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fan-out workers' own figures, scraped from each one's Prometheus /metrics and summed: counters and histogram
 * buckets add up across workers; the backlog is the shared subscription's, so the largest report of it counts.
 */
final class WorkerMetrics {
  static final String WRITES = "chirp_fanout_timeline_writes_total";
  static final String SKIPS = "chirp_fanout_celebrity_skips_total";
  static final String BACKLOG = "chirp_fanout_backlog";
  static final String APPLIED = "chirp_fanout_events_total{outcome=\"applied\",type=\"TweetCreated\"}";
  private static final Pattern METRIC = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})?\\s+([0-9.eE+-]+|NaN)$");
  private static final Pattern BUCKET = Pattern.compile("chirp_fanout_delivery_seconds_bucket\\{le=\"([^\"]+)\"}");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<URI> metricsUris;

  WorkerMetrics(List<String> workerUrls) {
    if (workerUrls.isEmpty()) throw new IllegalArgumentException("no fan-out worker to scrape");
    this.metricsUris = workerUrls.stream().map(url -> URI.create(url.replaceAll("/+$", "") + "/metrics")).toList();
  }

  int workers() {
    return metricsUris.size();
  }

  /** Every sample by name with its labels; the counters the bench reads are 0 until a worker first counts them. */
  Map<String, Double> scrape() throws Exception {
    Map<String, Double> values = new HashMap<>();
    for (URI uri : metricsUris) {
      String body = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      merge(values, parse(body));
    }
    for (String name : new String[] {WRITES, SKIPS, BACKLOG, APPLIED}) values.putIfAbsent(name, 0.0);
    return values;
  }

  static Map<String, Double> parse(String exposition) {
    Map<String, Double> values = new HashMap<>();
    Matcher m = METRIC.matcher(exposition);
    while (m.find()) values.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
    return values;
  }

  static void merge(Map<String, Double> into, Map<String, Double> worker) {
    worker.forEach((name, value) -> into.merge(name, value, name.equals(BACKLOG) ? Math::max : Double::sum));
  }

  /**
   * Scrapes until {@code count} more TweetCreated events were applied than in {@code before}, or until
   * {@code timeout} passed; the last scrape (callers check whether it got there).
   */
  Map<String, Double> awaitApplied(Map<String, Double> before, double count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> now = scrape();
    while (delta(before, now, APPLIED) < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
      now = scrape();
    }
    return now;
  }

  static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }

  /**
   * The upper bound, in ms, of the delivery-histogram bucket holding the percentile of the tweets applied between
   * two scrapes (publish → last follower written); infinite above the last bucket, NaN when none was applied.
   */
  static double deliveryPercentileMs(Map<String, Double> before, Map<String, Double> after, double percentile) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    after.forEach((name, count) -> {
      Matcher m = BUCKET.matcher(name);
      if (m.matches()) {
        double bound = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
        cumulative.put(bound, count - before.getOrDefault(name, 0.0));
      }
    });
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) return Double.NaN;
    double total = cumulative.lastEntry().getValue();
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= percentile * total) return bucket.getKey() * 1000;
    }
    return Double.NaN;
  }
}
