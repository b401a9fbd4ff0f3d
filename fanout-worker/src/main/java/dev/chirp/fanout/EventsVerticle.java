package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Backoff;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.store.events.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Promise;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;


/**
 * Consumes tweet and follow events (one Key_Shared subscription, so workers share the load while each key's
 * events stay in order) and applies them to the home timelines. Events of one key are applied one after
 * another, different keys concurrently, at most {@code fanout.max-in-flight} at once. An event is acknowledged
 * only once all its writes are done; until then it blocks the later events of its key, also across retries, so a
 * key's events are applied in order. What happens to a failing event is {@link EventFailures}' call:
 * <ul>
 *   <li>an outage: the worker stops taking new events (the consumer is paused, readiness says why), retries the
 *   event with back-off for as long as it takes, and resumes once an event succeeds again;</li>
 *   <li>a rejection: retried, {@code fanout.max-deliveries} tries in all, then dead-lettered;</li>
 *   <li>poison: dead-lettered at once.</li>
 * </ul>
 * A dead letter goes to {@link DeadLetters}' topic with the first error, and only then is the event acknowledged;
 * a metric and an error log line mark each one. With tracing on, each event is applied in a CONSUMER span
 * ({@code fanout <type>}) continuing the publisher's trace.
 */
public final class EventsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventsVerticle.class);
  private static final Pattern PARTITION = Pattern.compile("-partition-\\d+$");

  private final FanoutWorkerWiring wiring;
  private final ChirpConfig config;
  private Consumer<byte[]> consumer;
  private Producer<byte[]> deadLetterProducer;
  private Fanout fanout;
  private EventTracing tracing;
  private MeterRegistry metrics;
  private Timer deliveryLatency;
  private Counter deadLetters;
  private Counter outageRetries;
  private int maxTries;
  private int maxInFlight;
  private int inFlight;
  private boolean receiving;
  private boolean stopped;
  private final Map<String, Future<?>> lastOfKey = new HashMap<>();

  EventsVerticle(FanoutWorkerWiring wiring) {
    this.wiring = wiring;
    this.config = wiring.config;
  }

  @Override
  public Future<?> start() throws Exception {
    metrics = wiring.metrics;
    fanout = wiring.fanout();
    tracing = wiring.eventTracing;
    maxTries = config.integer("fanout.max-deliveries");
    maxInFlight = config.integer("fanout.max-in-flight");
    deliveryLatency = Timer.builder("chirp_fanout_delivery_seconds")
        .description("From a TweetCreated event's publish time to its last timeline write")
        // Buckets (Prometheus computes any percentile from them) from 1 ms to two minutes.
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(metrics);
    deadLetters = Counter.builder("chirp_fanout_dead_letters").description("Events given up on and moved to the dead-letter topic")
        .register(metrics);
    outageRetries = Counter.builder("chirp_fanout_outage_retries")
        .description("Tries of events that failed because a dependency was unavailable (they wait, never dead-lettered)")
        .register(metrics);
    Gauge.builder("chirp_fanout_waiting", () -> wiring.waitingFor.get() == null ? 0 : 1)
        .description("1 while the worker takes no new events because a dependency is unavailable").register(metrics);
    Backoff.retryUntilSuccess(vertx, "opening the dead-letter topic", this::openDeadLetters)
        .onSuccess(producer -> {
          deadLetterProducer = producer;
          subscribe();
        });
    return Future.succeededFuture();
  }

  /**
   * The dead-letter topic's subscription first (Pulsar keeps a message only for the subscriptions that exist when it
   * arrives), then the producer: no dead letter can be written before something keeps it.
   */
  private Future<Producer<byte[]>> openDeadLetters() {
    String topic = DeadLetters.topic(config);
    PulsarClient client = wiring.pulsar.client();
    return Future.fromCompletionStage(client.newConsumer(Schema.BYTES).topic(topic).subscriptionName(DeadLetters.SUBSCRIPTION)
            .subscriptionType(SubscriptionType.Shared).subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .subscribeAsync()
            .thenCompose(Consumer::closeAsync)
            .thenCompose(closed -> client.newProducer(Schema.BYTES).topic(topic).enableBatching(false)
                .sendTimeout(config.integer("pulsar.send-timeout-ms"), TimeUnit.MILLISECONDS).createAsync()), context);
  }

  private void subscribe() {
    Backoff.retryUntilSuccess(vertx, "subscribing to the tweet and follow topics", () -> Future.fromCompletionStage(
            wiring.pulsar.client().newConsumer(Schema.BYTES)
                .topics(List.of(config.string("pulsar.tweet-topic"), config.string("pulsar.follow-topic")))
                .subscriptionName(config.string("fanout.subscription"))
                .subscriptionType(SubscriptionType.Key_Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                // Without it, acknowledging part of a batch redelivers the whole batch after a restart.
                .enableBatchIndexAcknowledgment(true)
                .subscribeAsync(), context))
        .onSuccess(subscribed -> {
          consumer = subscribed;
          if (stopped) {
            subscribed.closeAsync();
            return;
          }
          pump();
        });
  }

  /** Keeps one receive outstanding while fewer than the maximum of events are being applied and nothing waits. */
  private void pump() {
    if (receiving || stopped || waiting() || inFlight >= maxInFlight) return;
    receiving = true;
    consumer.receiveAsync().whenComplete((message, error) -> context.runOnContext(v -> {
      receiving = false;
      if (error != null) {
        if (!stopped) {
          LOG.warn("receiving events failed: {}", error.getMessage());
          vertx.setTimer(Backoff.delayMillis(1), t -> pump());
        }
        return;
      }
      // Stopping: not started, not acknowledged; closing the consumer hands it to another worker.
      if (stopped) return;
      inFlight++;
      String key = message.hasKey() ? message.getKey() : "";
      Future<?> previous = lastOfKey.getOrDefault(key, Future.succeededFuture());
      Future<?> handled = previous.eventually(() -> handle(message));
      lastOfKey.put(key, handled);
      handled.onComplete(done -> {
        inFlight--;
        if (lastOfKey.get(key) == handled) lastOfKey.remove(key);
        pump();
      });
      pump();
    }));
  }

  /** Completes when the event was applied and acknowledged, or dead-lettered, or the worker stops (unacknowledged). */
  private Future<Void> handle(Message<byte[]> message) {
    ChirpEvent event;
    try {
      event = EventFailures.readable(message.getValue());
    } catch (IllegalArgumentException poison) {
      count("unreadable", "failed");
      return deadLetter(message, "unreadable", poison, 1, 0);
    }
    return attempt(message, event, event.getClass().getSimpleName(), 0, null, 0);
  }

  private Future<Void> attempt(Message<byte[]> message, ChirpEvent event, String type, int rejections, Throwable firstRejection,
                               int outageTries) {
    // Not acknowledged: Pulsar hands it to the next consumer of its key.
    if (stopped) return Future.succeededFuture();
    return apply(message, event, type).transform(applied -> {
      if (applied.succeeded()) {
        flowing();
        return Future.succeededFuture();
      }
      Throwable cause = applied.cause();
      count(type, "failed");
      if (EventFailures.isOutage(cause)) {
        return waitOut(cause, outageTries, () -> attempt(message, event, type, rejections, firstRejection, outageTries + 1));
      }
      Throwable first = firstRejection == null ? cause : firstRejection;
      if (rejections + 1 >= maxTries) return deadLetter(message, type, first, rejections + 1, 0);
      LOG.warn("{} event {} (key {}) failed on try {} of {}, trying again: {}", type, message.getMessageId(), message.getKey(),
          rejections + 1, maxTries, cause.toString());
      return later(Backoff.delayMillis(rejections + 1))
          .compose(v -> attempt(message, event, type, rejections + 1, first, outageTries));
    });
  }

  private Future<Void> apply(Message<byte[]> message, ChirpEvent event, String type) {
    return tracing.consume(context, "fanout " + type, message.getTopicName(), String.valueOf(message.getMessageId()),
            message.getProperties(), () -> fanout.apply(event).compose(done -> acknowledge(message)))
        .onSuccess(acked -> {
          count(type, "applied");
          if (event instanceof TweetCreated) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - message.getPublishTime()), TimeUnit.MILLISECONDS);
          }
        });
  }

  /** The event, with why it was given up, onto the dead-letter topic; then acknowledged. Pulsar down: waits. */
  private Future<Void> deadLetter(Message<byte[]> message, String type, Throwable error, int tries, int outageTries) {
    if (stopped) return Future.succeededFuture();
    TypedMessageBuilder<byte[]> letter = deadLetterProducer.newMessage().value(message.getValue())
        .properties(message.getProperties())
        .property(DeadLetters.ORIGIN_TOPIC, PARTITION.matcher(message.getTopicName()).replaceFirst(""))
        .property(DeadLetters.ORIGIN_MESSAGE_ID, String.valueOf(message.getMessageId()))
        .property(DeadLetters.EVENT_TYPE, type)
        .property(DeadLetters.ERROR, String.valueOf(error.getMessage() == null ? error : error.getMessage()))
        .property(DeadLetters.ATTEMPTS, Integer.toString(tries))
        .property(DeadLetters.DEAD_LETTERED_AT, Instant.now().toString());
    if (message.hasKey()) letter.key(message.getKey());
    return Future.fromCompletionStage(letter.sendAsync(), context).compose(sent -> acknowledge(message)).transform(done -> {
      if (done.succeeded()) {
        deadLetters.increment();
        count(type, "dead_lettered");
        LOG.error("gave up on {} event {} (key {}) after {} tries, moved it to {}: {}", type, message.getMessageId(),
            message.getKey(), tries, DeadLetters.topic(config), error.toString());
        return Future.succeededFuture();
      }
      return waitOut(done.cause(), outageTries, () -> deadLetter(message, type, error, tries, outageTries + 1));
    });
  }

  private Future<Void> acknowledge(Message<byte[]> message) {
    return Future.fromCompletionStage(consumer.acknowledgeAsync(message.getMessageId()), context);
  }

  private boolean waiting() {
    return wiring.waitingFor.get() != null;
  }

  /** A dependency is down: take no new events, and try {@code again} after the back-off for this many tries. */
  private Future<Void> waitOut(Throwable cause, int outageTries, Supplier<Future<Void>> again) {
    outageRetries.increment();
    if (wiring.waitingFor.compareAndSet(null, String.valueOf(cause.getMessage()))) {
      consumer.pause();
      LOG.warn("a dependency is unavailable ({}): taking no new events; the {} in flight wait and are retried", cause.getMessage(),
          inFlight);
    }
    return later(Backoff.delayMillis(outageTries + 1)).compose(v -> again.get());
  }

  private void flowing() {
    String waitedFor = wiring.waitingFor.getAndSet(null);
    if (waitedFor != null) {
      LOG.info("events apply again (was waiting for: {}): taking new events", waitedFor);
      consumer.resume();
      pump();
    }
  }

  private Future<Void> later(long delayMillis) {
    Promise<Void> elapsed = Promise.promise();
    vertx.setTimer(Math.max(1, delayMillis), t -> elapsed.complete());
    return elapsed.future();
  }

  private void count(String type, String outcome) {
    Counter.builder("chirp_fanout_events").tag("type", type).tag("outcome", outcome).register(metrics).increment();
  }

  /** Takes no new event, lets the events being applied finish and be acknowledged, then closes the consumer. */
  @Override
  public Future<?> stop() {
    stopped = true;
    Future<?> applying = Future.join(new ArrayList<>(lastOfKey.values()));
    LOG.info("stopping: finishing {} events in flight", inFlight);
    return applying.transform(done -> Future.join(
            consumer == null ? Future.succeededFuture() : Future.fromCompletionStage(consumer.closeAsync()),
            deadLetterProducer == null ? Future.succeededFuture() : Future.fromCompletionStage(deadLetterProducer.closeAsync()))
        .mapEmpty());
  }
}
