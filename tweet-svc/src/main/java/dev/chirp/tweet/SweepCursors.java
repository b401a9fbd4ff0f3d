package dev.chirp.tweet;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;

/**
 * Per node, the second before which its outbox is known to be empty (where a restarted sweeper resumes), and when its
 * sweeper last beat (how a node that stopped for good is noticed and its outbox adopted).
 */
interface SweepCursors {
  /** A node whose outbox is swept, and when its sweeper last beat (null: never recorded). */
  record NodeSweep(int nodeId, Instant lastBeat) {
  }

  /** Sets the node's cursor unless it has one; completes with the cursor in force. */
  Future<Long> initialise(int nodeId, long cleanBefore);

  Future<Void> save(int nodeId, long cleanBefore);

  /** The node's sweeper is alive. */
  Future<Void> beat(int nodeId, Instant at);

  /** Every node that has a cursor. */
  Future<List<NodeSweep>> nodes();

  /** Takes over the node's outbox if nobody beat for it since {@code lastBeat}; whether this caller did. */
  Future<Boolean> adopt(int nodeId, Instant lastBeat, Instant now);
}
