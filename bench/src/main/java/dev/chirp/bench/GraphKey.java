package dev.chirp.bench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The options that shape the bench's graph (the power-law users and follows, and the scale authors' audiences),
 * with the seed: a graph loaded with an equal key is the same graph, so a later run reuses it ({@link #value()}
 * is what is recorded with it in Neo4j). Rates, durations and everything else of the workload are not part of it.
 */
record GraphKey(int users, double meanFollowers, double exponent, int celebrities, int celebrityFollowers, int maxFollowers,
                List<Integer> scalePoints, long seed) {
  /** Bump when PowerLawGraph or the way BenchRun loads the graph changes: graphs recorded before are then not reused. */
  static final int VERSION = 1;

  GraphKey {
    scalePoints = List.copyOf(scalePoints);
  }

  static GraphKey of(BenchOptions options) {
    return new GraphKey(options.users, options.meanFollowers, options.exponent, options.celebrities, options.celebrityFollowers,
        options.maxFollowers, options.scalePoints, options.seed);
  }

  /** Readable, one option per field, e.g. {@code bench-graph/1 users=100000 mean-followers=100.0 … seed=42}. */
  String value() {
    return "bench-graph/" + VERSION + " users=" + users + " mean-followers=" + meanFollowers + " exponent=" + exponent
        + " celebrities=" + celebrities + " celebrity-followers=" + celebrityFollowers + " max-followers=" + maxFollowers
        + " scale-points=" + scalePoints.stream().map(String::valueOf).collect(Collectors.joining(",")) + " seed=" + seed;
  }
}
