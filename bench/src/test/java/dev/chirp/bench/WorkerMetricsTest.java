package dev.chirp.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerMetricsTest {
  private static String exposition(double writes, double backlog, double le01, double le1, double inf) {
    return """
        # HELP chirp_fanout_timeline_writes_total Timeline writes
        # TYPE chirp_fanout_timeline_writes_total counter
        chirp_fanout_timeline_writes_total %s
        chirp_fanout_backlog %s
        chirp_fanout_delivery_seconds_bucket{le="0.1"} %s
        chirp_fanout_delivery_seconds_bucket{le="1.0"} %s
        chirp_fanout_delivery_seconds_bucket{le="+Inf"} %s
        """.formatted(writes, backlog, le01, le1, inf);
  }

  @Test
  void countersAndBucketsAddUpAcrossWorkersWhileTheSharedBacklogDoesNot() {
    Map<String, Double> merged = new HashMap<>();
    WorkerMetrics.merge(merged, WorkerMetrics.parse(exposition(100, 7, 10, 10, 10)));
    WorkerMetrics.merge(merged, WorkerMetrics.parse(exposition(250, 5, 0, 90, 90)));

    assertThat(merged.get(WorkerMetrics.WRITES)).isEqualTo(350.0);
    assertThat(merged.get(WorkerMetrics.BACKLOG)).isEqualTo(7.0);
    // 10 of 100 tweets within 0.1 s: p50 falls in the 1 s bucket only once the second worker's slow tweets count.
    assertThat(WorkerMetrics.deliveryPercentileMs(Map.of(), merged, 0.5)).isEqualTo(1000.0);
    assertThat(WorkerMetrics.deliveryPercentileMs(Map.of(), merged, 0.1)).isEqualTo(100.0);
  }

  @Test
  void workersAreTheGivenUrlsElseEveryFanoutWorkerOfTheLocalStackElseTheDefault(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("stack.json");
    assertThat(FanoutWorkers.urls(null, state)).containsExactly(FanoutWorkers.DEFAULT_URL);

    Files.writeString(state, """
        {"components": [
          {"name": "redis", "url": "redis://127.0.0.1:6379"},
          {"name": "fanout-worker", "url": "http://127.0.0.1:8084"},
          {"name": "fanout-worker-2", "url": "http://127.0.0.1:41234"},
          {"name": "fanout-workers-bogus", "url": "http://127.0.0.1:1"},
          {"name": "tweet-svc-2", "url": "http://127.0.0.1:41235"}
        ]}""");
    assertThat(FanoutWorkers.urls(List.of(), state)).containsExactly("http://127.0.0.1:8084", "http://127.0.0.1:41234");
    assertThat(FanoutWorkers.urls(List.of("http://w:1"), state)).containsExactly("http://w:1");
  }
}
