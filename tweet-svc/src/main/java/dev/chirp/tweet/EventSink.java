package dev.chirp.tweet;

import dev.chirp.common.events.ChirpEvent;
import io.vertx.core.Future;

/** Where tweet events go; a publish completes only once the event is acknowledged. */
interface EventSink {
  /** Whether a publish would be attempted now: lets a caller refuse work before storing anything. */
  boolean connected();

  Future<Void> publish(ChirpEvent event);
}
