package dev.chirp.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphKeyTest {
  /** The key of ./chirp bench with these arguments, as BenchRun computes it (a later option overrides an earlier one). */
  private static GraphKey keyOf(String... args) {
    BenchOptions options = new BenchOptions();
    new CommandLine(options).setOverwrittenOptionsAllowed(true).parseArgs(args);
    return GraphKey.of(options.applyQuick());
  }

  private static final String[] GRAPH = {"--users", "3000", "--mean-followers", "20", "--exponent", "1.1", "--celebrities", "2",
      "--celebrity-followers", "1500", "--max-followers", "800", "--scale-points", "100,1000", "--seed", "7"};

  private static String[] with(String... more) {
    List<String> args = new ArrayList<>(List.of(GRAPH));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void equalGraphOptionsGiveEqualKeys() {
    assertThat(keyOf(GRAPH)).isEqualTo(keyOf(GRAPH));
    assertThat(keyOf(GRAPH).value()).isEqualTo(keyOf(GRAPH).value());
    assertThat(keyOf().value()).isEqualTo(keyOf().value());
    // The same values written differently are the same graph.
    assertThat(keyOf(with("--mean-followers", "20.0", "--seed", "007")).value()).isEqualTo(keyOf(GRAPH).value());
    assertThat(keyOf("--quick").value()).isEqualTo(keyOf("--quick", "--reload-graph").value());
  }

  @Test
  void anyGraphOptionOrTheSeedChangesTheKey() {
    String base = keyOf(GRAPH).value();
    String[][] changes = {{"--users", "3001"}, {"--mean-followers", "20.5"}, {"--exponent", "1.2"}, {"--celebrities", "3"},
        {"--celebrity-followers", "1501"}, {"--max-followers", "801"}, {"--scale-points", "100,2000"},
        {"--scale-points", "100"}, {"--scale-points", "1000,100"}, {"--seed", "8"}};
    List<String> keys = new ArrayList<>();
    for (String[] change : changes) {
      String key = keyOf(with(change)).value();
      assertThat(key).as(String.join(" ", change)).isNotEqualTo(base);
      keys.add(key);
    }
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(keyOf("--quick").value()).isNotEqualTo(keyOf().value());
  }

  @Test
  void workloadOptionsLeaveTheKeyAlone() {
    String base = keyOf(GRAPH).value();
    String[][] changes = {{"--post-rate", "50"}, {"--read-rate", "300"}, {"--max-read-rate", "10"}, {"--authors", "10"},
        {"--readers", "10"}, {"--seconds", "5"}, {"--warmup", "1"}, {"--delivery-samples", "1"}, {"--sample-followers", "1"},
        {"--delivery-deadline", "5"}, {"--scale-samples", "7"}, {"--limit-seconds", "1"}, {"--celebrity-threshold", "5"},
        {"--out", "elsewhere"}, {"--api", "http://127.0.0.1:1"}, {"--redis-prefix", "x:"}, {"--reload-graph"}};
    for (String[] change : changes) {
      assertThat(keyOf(with(change)).value()).as(String.join(" ", change)).isEqualTo(base);
    }
  }
}
