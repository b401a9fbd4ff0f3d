package dev.chirp.follow;

import dev.chirp.common.engines.Contexts;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the actions submitted for one key one at a time, in arrival order; a request that finds an equal action of its
 * key still waiting its turn shares that one's outcome instead of queueing its own. Joining a waiting action (never a
 * running one) keeps the requests linearizable: the shared run starts after every joiner arrived and ends before any
 * is answered. So a lane holds one running action and at most one waiting action of each kind, however hard one key
 * is hammered, and the work behind them does not grow with the requests.
 *
 * <p>An action has two parts ({@link Run}): the part that must not overlap the next action of its key (a graph change
 * on the key's locks), and the rest of its outcome (publishing its event). The lane moves on once the first part is
 * over, so a key's throughput is that of its exclusive part alone.
 *
 * <p>Thread-safe: the verticle instances of several event loops share one; each caller is answered on its own context.
 */
final class CoalescingLanes<K, A> {
  /** A started action: {@code exclusive} ends when the key's next action may start, {@code outcome} when it is over. */
  record Run(Future<?> exclusive, Future<Void> outcome) {
    static Run failed(Throwable failure) {
      return new Run(Future.failedFuture(failure), Future.failedFuture(failure));
    }
  }

  private final Map<K, Lane<A>> lanes = new HashMap<>();

  private static final class Lane<A> {
    /** The actions waiting their turn, each with the promise every request sharing it waits on, in arrival order. */
    final LinkedHashMap<A, Waiting> waiting = new LinkedHashMap<>();
  }

  private record Waiting(Supplier<Run> action, Promise<Void> outcome) {
  }

  Future<Void> submit(K key, A kind, Supplier<Run> action) {
    Promise<Void> outcome;
    synchronized (this) {
      Lane<A> lane = lanes.get(key);
      if (lane != null) {
        Waiting equal = lane.waiting.get(kind);
        if (equal != null) return Contexts.onCaller(equal.outcome().future());
        outcome = Promise.promise();
        lane.waiting.put(kind, new Waiting(action, outcome));
        return Contexts.onCaller(outcome.future());
      }
      lanes.put(key, new Lane<>());
      outcome = Promise.promise();
    }
    start(key, new Waiting(action, outcome));
    return Contexts.onCaller(outcome.future());
  }

  private void start(K key, Waiting next) {
    Run run;
    try {
      run = next.action().get();
    } catch (RuntimeException e) {
      run = Run.failed(e);
    }
    // The lane goes on whatever the answered callers' handlers do (one may throw: its client went away).
    run.exclusive().onComplete(over -> {
      Waiting after = nextOf(key);
      if (after != null) start(key, after);
    });
    run.outcome().onComplete(next.outcome()::handle);
  }

  /** Takes the next waiting action of the key's lane, or closes the lane when none waits. */
  private synchronized Waiting nextOf(K key) {
    Lane<A> lane = lanes.get(key);
    Iterator<Waiting> waiting = lane.waiting.values().iterator();
    if (!waiting.hasNext()) {
      lanes.remove(key);
      return null;
    }
    Waiting next = waiting.next();
    waiting.remove();
    return next;
  }

  /** How many keys have work running (for tests: a lane is closed once its last action ended). */
  synchronized int openLanes() {
    return lanes.size();
  }
}
