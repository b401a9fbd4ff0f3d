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
 * Runs the work submitted for one key one at a time, in arrival order; a request that finds an equal action of its
 * key still waiting its turn shares that one's outcome instead of queueing its own. Joining a waiting action (never a
 * running one) keeps the requests linearizable: the shared run starts after every joiner arrived and ends before any
 * is answered. So a lane holds one running action and at most one waiting action of each kind, however hard one key
 * is hammered, and the work behind them (transactions on one pair's locks, events) does not grow with the requests.
 *
 * <p>Thread-safe: the verticle instances of several event loops share one; each caller is answered on its own context.
 */
final class CoalescingLanes<K, A> {
  private final Map<K, Lane<A>> lanes = new HashMap<>();

  private static final class Lane<A> {
    /** The actions waiting their turn, each with the promise every request sharing it waits on, in arrival order. */
    final LinkedHashMap<A, Waiting> waiting = new LinkedHashMap<>();
  }

  private record Waiting(Supplier<Future<Void>> work, Promise<Void> outcome) {
  }

  Future<Void> submit(K key, A action, Supplier<Future<Void>> work) {
    Promise<Void> outcome;
    synchronized (this) {
      Lane<A> lane = lanes.get(key);
      if (lane != null) {
        Waiting equal = lane.waiting.get(action);
        if (equal != null) return Contexts.onCaller(equal.outcome().future());
        outcome = Promise.promise();
        lane.waiting.put(action, new Waiting(work, outcome));
        return Contexts.onCaller(outcome.future());
      }
      lanes.put(key, new Lane<>());
      outcome = Promise.promise();
    }
    run(key, new Waiting(work, outcome));
    return Contexts.onCaller(outcome.future());
  }

  private void run(K key, Waiting next) {
    Future<Void> done;
    try {
      done = next.work().get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(result -> {
      next.outcome().handle(result);
      Waiting after = nextOf(key);
      if (after != null) run(key, after);
    });
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
