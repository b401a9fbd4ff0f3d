package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;

import java.util.List;

/**
 * The fan-out worker's dead-letter topic, its one home: events the worker gave up on for good (see
 * {@link EventsVerticle} for what counts). Each dead letter is the original message (payload, key, properties)
 * plus the properties below. The topic has a durable subscription, {@link #SUBSCRIPTION}, created before the first
 * dead letter is written: Pulsar keeps every message a subscription has not acknowledged, so nothing ages out
 * until it is replayed (acknowledged there) or purged.
 */
public final class DeadLetters {
  /** The durable subscription that keeps dead letters until they are replayed. */
  public static final String SUBSCRIPTION = "chirp-dead-letters";
  /** The topic the event was consumed from (where a replay publishes it again). */
  public static final String ORIGIN_TOPIC = "chirp-origin-topic";
  /** The event's message id on its origin topic. */
  public static final String ORIGIN_MESSAGE_ID = "chirp-origin-message-id";
  /** The event's type (TweetCreated, Followed, …), or "unreadable". */
  public static final String EVENT_TYPE = "chirp-event-type";
  /** Why the worker gave up: the first error it met. */
  public static final String ERROR = "chirp-error";
  /** How many times the worker tried it. */
  public static final String ATTEMPTS = "chirp-attempts";
  /** When the worker gave up (ISO-8601). */
  public static final String DEAD_LETTERED_AT = "chirp-dead-lettered-at";
  /** Every property above: what a dead letter carries besides the original message's own properties. */
  public static final List<String> PROPERTIES = List.of(ORIGIN_TOPIC, ORIGIN_MESSAGE_ID, EVENT_TYPE, ERROR, ATTEMPTS,
      DEAD_LETTERED_AT);

  private DeadLetters() {
  }

  /** The dead-letter topic, next to the tweet topic. */
  public static String topic(ChirpConfig config) {
    return config.string("pulsar.tweet-topic") + "-fanout-dead-letters";
  }
}
