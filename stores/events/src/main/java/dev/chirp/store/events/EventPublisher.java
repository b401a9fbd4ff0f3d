package dev.chirp.store.events;

import dev.chirp.common.engines.Backoff;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.TypedMessageBuilder;

import java.util.concurrent.TimeUnit;

/**
 * Publishes {@link ChirpEvent}s to one topic, keyed so a Key_Shared consumer keeps each key's events in order.
 * A publish completes only when the broker acknowledged the message. While Pulsar is unreachable, or the
 * producer's queue is full, publishing fails at once with a 503 {@link ApiException} rather than queueing
 * without bound; the producer is (re)created in the background with back-off. With tracing on, each publish is a
 * PRODUCER span and the message carries its trace context ({@link EventTracing}).
 */
public final class EventPublisher {
  private final Vertx vertx;
  private final MeterRegistry metrics;
  private final String topic;
  private final EventTracing tracing;
  private volatile Producer<byte[]> producer;

  private EventPublisher(Vertx vertx, MeterRegistry metrics, String topic) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.topic = topic;
    this.tracing = EventTracing.of(vertx);
  }

  public static EventPublisher start(Vertx vertx, PulsarClient client, MeterRegistry metrics, String topic, int sendTimeoutMillis) {
    EventPublisher publisher = new EventPublisher(vertx, metrics, topic);
    Backoff.retryUntilSuccess(vertx, "creating the Pulsar producer for " + topic, () -> Future.fromCompletionStage(
            client.newProducer(Schema.BYTES).topic(topic)
                // Key-based batches: the default batcher mixes keys in a batch, which breaks Key_Shared ordering.
                .batcherBuilder(BatcherBuilder.KEY_BASED).batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
                .batchingMaxMessages(1000)
                .sendTimeout(sendTimeoutMillis, TimeUnit.MILLISECONDS)
                .maxPendingMessages(10_000).blockIfQueueFull(false)
                .createAsync()))
        .onSuccess(created -> publisher.producer = created);
    return publisher;
  }

  /** Whether a publish would be attempted now: lets a caller refuse work before storing anything. */
  public boolean connected() {
    Producer<byte[]> current = producer;
    return current != null && current.isConnected();
  }

  public Future<MessageId> publish(ChirpEvent event) {
    Producer<byte[]> current = producer;
    if (current == null || !current.isConnected()) {
      return Future.failedFuture(ApiException.unavailable("pulsar", null));
    }
    String type = event.getClass().getSimpleName();
    Timer.Sample sample = Timer.start(metrics);
    return tracing.publish(type, topic, properties -> {
          TypedMessageBuilder<byte[]> message = current.newMessage().key(event.key()).value(event.toBytes());
          if (!properties.isEmpty()) message.properties(properties);
          return Future.fromCompletionStage(message.sendAsync(), vertx.getOrCreateContext());
        })
        .recover(e -> Future.failedFuture(ApiException.unavailable("pulsar", e)))
        .onComplete(done -> {
          sample.stop(Timer.builder("chirp_event_publish_seconds").tag("type", type)
              .tag("outcome", done.succeeded() ? "acked" : "failed").register(metrics));
          if (done.succeeded()) Counter.builder("chirp_events_published").tag("type", type).register(metrics).increment();
        });
  }

  public String topic() {
    return topic;
  }

  public Future<Void> close() {
    Producer<byte[]> current = producer;
    return current == null ? Future.succeededFuture() : Future.fromCompletionStage(current.closeAsync());
  }
}
