package dev.chirp.tweet;

import io.vertx.core.Future;

/** Per node, the second before which its outbox is known to be empty: where a restarted sweeper resumes. */
interface SweepCursors {
  /** Sets the node's cursor unless it has one; completes with the cursor in force. */
  Future<Long> initialise(int nodeId, long cleanBefore);

  Future<Void> save(int nodeId, long cleanBefore);
}
