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
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;


/**
 * Consumes tweet and follow events (one Key_Shared subscription, so workers share the load while each key's
 * events stay in order) and applies them to the home timelines. Events of one key are applied one after
 * another, different keys concurrently, at most {@code fanout.max-in-flight} at once. An event is acknowledged
 * only once all its writes are done; a failure is negatively acknowledged (redelivered with back-off), and
 * after {@code fanout.max-deliveries} failed deliveries Pulsar moves it to the dead-letter topic. With tracing on,
 * each event is applied in a CONSUMER span ({@code fanout <type>}) continuing the publisher's trace.
 */
public final class EventsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventsVerticle.class);

  private final FanoutWorkerWiring wiring;
  private final ChirpConfig config;
  private Consumer<byte[]> consumer;
  private Fanout fanout;
  private EventTracing tracing;
  private MeterRegistry metrics;
  private Timer deliveryLatency;
  private Counter deadLetters;
  private int maxDeliveries;
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
    maxDeliveries = config.integer("fanout.max-deliveries");
    maxInFlight = config.integer("fanout.max-in-flight");
    deliveryLatency = Timer.builder("chirp_fanout_delivery_seconds")
        .description("From a TweetCreated event's publish time to its last timeline write")
        // Buckets (Prometheus computes any percentile from them) from 1 ms to two minutes.
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(metrics);
    deadLetters = Counter.builder("chirp_fanout_dead_letters").description("Events given up on and moved to the dead-letter topic")
        .register(metrics);
    subscribe();
    return Future.succeededFuture();
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
                .negativeAckRedeliveryBackoff(MultiplierRedeliveryBackoff.builder()
                    .minDelayMs(100).maxDelayMs(10_000).multiplier(3).build())
                .deadLetterPolicy(DeadLetterPolicy.builder().maxRedeliverCount(maxDeliveries - 1)
                    .deadLetterTopic(DeadLetters.topic(config)).build())
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

  /** Keeps one receive outstanding while fewer than the maximum of events are being applied. */
  private void pump() {
    if (receiving || stopped || inFlight >= maxInFlight) return;
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

  private Future<Void> handle(Message<byte[]> message) {
    ChirpEvent event;
    try {
      event = ChirpEvent.fromBytes(message.getValue());
    } catch (IllegalArgumentException e) {
      return failed(message, "unreadable", e);
    }
    String type = event.getClass().getSimpleName();
    return tracing.consume(context, "fanout " + type, message.getTopicName(), String.valueOf(message.getMessageId()),
            message.getProperties(), () -> fanout.apply(event)
                .compose(done -> Future.fromCompletionStage(consumer.acknowledgeAsync(message.getMessageId()), context)))
        .onSuccess(acked -> {
          Counter.builder("chirp_fanout_events").tag("type", type).tag("outcome", "applied").register(metrics).increment();
          if (event instanceof TweetCreated) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - message.getPublishTime()), TimeUnit.MILLISECONDS);
          }
        })
        .recover(e -> failed(message, type, e));
  }

  private Future<Void> failed(Message<byte[]> message, String what, Throwable cause) {
    Counter.builder("chirp_fanout_events").tag("type", what).tag("outcome", "failed").register(metrics).increment();
    int delivery = message.getRedeliveryCount() + 1;
    if (delivery >= maxDeliveries) {
      deadLetters.increment();
      LOG.error("giving up on {} event {} (key {}) after {} deliveries, moving it to {}: {}", what, message.getMessageId(),
          message.getKey(), delivery, DeadLetters.topic(config), cause.getMessage());
    } else {
      LOG.warn("{} event {} failed on delivery {} of {}, will be redelivered: {}", what, message.getMessageId(), delivery,
          maxDeliveries, cause.getMessage());
    }
    consumer.negativeAcknowledge(message);
    return Future.succeededFuture();
  }

  /** Takes no new event, lets the events being applied finish and be acknowledged, then closes the consumer. */
  @Override
  public Future<?> stop() {
    stopped = true;
    Future<?> applying = Future.join(new ArrayList<>(lastOfKey.values()));
    LOG.info("stopping: finishing {} events in flight", inFlight);
    return applying.transform(done -> consumer == null ? Future.succeededFuture()
        : Future.fromCompletionStage(consumer.closeAsync()));
  }
}
