package dev.chirp.tweet;

import dev.chirp.common.id.NodeRange;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Finds the outboxes nobody sweeps: tweet-svc instances that stopped for good (a StatefulSet scaled down, a node
 * index never reused) leave rows under their node id, and only that node's sweeper reads them. A node of this
 * service whose sweeper has not beaten for {@code silentFor} is claimed — a lightweight transaction on its last beat,
 * so one instance wins — and swept by the winner until it is clean. A node that comes back simply sweeps again: rows
 * are claimed one by one, so two sweepers never publish the same row twice.
 */
final class OutboxAdoption {
  private final SweepCursors cursors;
  private final NodeRange range;
  private final int ownNodeId;
  private final Duration silentFor;
  private final Clock clock;

  OutboxAdoption(SweepCursors cursors, NodeRange range, int ownNodeId, Duration silentFor, Clock clock) {
    this.cursors = cursors;
    this.range = range;
    this.ownNodeId = ownNodeId;
    this.silentFor = silentFor;
    this.clock = clock;
  }

  /** The silent nodes this instance just adopted (it must sweep them now). */
  Future<List<Integer>> adoptSilentNodes() {
    Instant now = clock.instant();
    Instant silentSince = now.minus(silentFor);
    return cursors.nodes().compose(nodes -> {
      List<Future<Integer>> claims = nodes.stream()
          .filter(node -> node.nodeId() != ownNodeId && range.contains(node.nodeId()))
          .filter(node -> node.lastBeat() == null || node.lastBeat().isBefore(silentSince))
          .map(node -> cursors.adopt(node.nodeId(), node.lastBeat(), now).map(won -> won ? node.nodeId() : null))
          .toList();
      // A claim that failed (Cassandra busy) is simply tried again at the next check.
      return Future.join(claims).transform(done -> Future.succeededFuture(claims.stream().filter(Future::succeeded)
          .map(Future::result).filter(id -> id != null).toList()));
    });
  }
}
