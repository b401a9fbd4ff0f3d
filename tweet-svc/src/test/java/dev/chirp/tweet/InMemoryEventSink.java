package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * Events acknowledged at once, or, as a test says, refused (disconnected, failing) or held until the test
 * acknowledges or fails them. Synchronized, as work continuing on Vert.x timers publishes from an event loop.
 */
final class InMemoryEventSink implements EventSink {
  private record Held(ChirpEvent event, Promise<Void> acknowledgement) {
  }

  private final List<ChirpEvent> acknowledged = new ArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private boolean connected = true;
  private boolean failing;
  private boolean holding;

  /** Pulsar unreachable: not connected, and every publish fails. */
  synchronized void disconnect() {
    connected = false;
  }

  synchronized void reconnect() {
    connected = true;
  }

  /** Connected, but sends fail (a broker timeout) until {@link #acknowledgePublishes}. */
  synchronized void failPublishes() {
    failing = true;
  }

  synchronized void acknowledgePublishes() {
    failing = false;
  }

  /** Publishes from now on wait for {@link #acknowledgeHeld} or {@link #failHeld}. */
  synchronized void hold() {
    holding = true;
  }

  /** Acknowledges the held publishes; later ones are acknowledged at once again. */
  void acknowledgeHeld() {
    List<Held> waiting = stopHolding();
    synchronized (this) {
      waiting.forEach(h -> acknowledged.add(h.event()));
    }
    waiting.forEach(h -> h.acknowledgement().complete());
  }

  /** Fails the held publishes; later ones are acknowledged at once again. */
  void failHeld() {
    stopHolding().forEach(h -> h.acknowledgement().fail(ApiException.unavailable("pulsar", null)));
  }

  private synchronized List<Held> stopHolding() {
    holding = false;
    List<Held> waiting = List.copyOf(held);
    held.clear();
    return waiting;
  }

  synchronized List<ChirpEvent> acknowledged() {
    return List.copyOf(acknowledged);
  }

  @Override
  public synchronized boolean connected() {
    return connected;
  }

  @Override
  public synchronized Future<Void> publish(ChirpEvent event) {
    if (!connected || failing) return Future.failedFuture(ApiException.unavailable("pulsar", null));
    if (holding) {
      Held waiting = new Held(event, Promise.promise());
      held.add(waiting);
      return waiting.acknowledgement().future();
    }
    acknowledged.add(event);
    return Future.succeededFuture();
  }
}
