package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Backoff;
import dev.chirp.common.engines.Engines;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.graph.FollowGraphReader;
import dev.chirp.common.timeline.TimelineCache;
import dev.chirp.common.tweets.TweetReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.DeadLetterPolicy;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.impl.MultiplierRedeliveryBackoff;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.chirp.common.engines.Engines.Engine.CASSANDRA;
import static dev.chirp.common.engines.Engines.Engine.NEO4J;
import static dev.chirp.common.engines.Engines.Engine.PULSAR;
import static dev.chirp.common.engines.Engines.Engine.REDIS;

/**
 * Consumes tweet and follow events (one Key_Shared subscription, so workers share the load while each key's
 * events stay in order) and applies them to the home timelines. Events of one key are applied one after
 * another, different keys concurrently, at most {@code fanout.max-in-flight} at once. An event is acknowledged
 * only once all its writes are done; a failure is negatively acknowledged (redelivered with back-off), and
 * after {@code fanout.max-deliveries} failed deliveries Pulsar moves it to the dead-letter topic.
 */
public final class EventsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventsVerticle.class);

  private final ChirpConfig config;
  private Engines engines;
  private Consumer<byte[]> consumer;
  private Fanout fanout;
  private MeterRegistry metrics;
  private Timer deliveryLatency;
  private Counter deadLetters;
  private int maxDeliveries;
  private int maxInFlight;
  private int inFlight;
  private boolean receiving;
  private boolean stopped;
  private final Map<String, Future<?>> lastOfKey = new HashMap<>();
  private final AtomicLong backlog = new AtomicLong();
  private long backlogTimer = -1;

  public EventsVerticle(ChirpConfig config) {
    this.config = config;
  }

  /** The dead-letter topic of the fan-out worker's subscription, next to the tweet topic. */
  public static String deadLetterTopic(ChirpConfig config) {
    return config.string("pulsar.tweet-topic") + "-fanout-dead-letters";
  }

  @Override
  public Future<?> start() throws Exception {
    engines = Engines.open(vertx, config, PULSAR, NEO4J, REDIS, CASSANDRA);
    metrics = BackendRegistries.getDefaultNow();
    TimelineCache timelines = new TimelineCache(engines.redis(), config.string("redis.key-prefix"), config.integer("timeline.cap"));
    FollowGraphReader graph = new FollowGraphReader(engines.neo4j(), context);
    FollowerLists followers = new FollowerLists(graph, config.integer("fanout.follower-page"),
        config.longValue("fanout.follower-cache-ids"), Duration.ofSeconds(config.longValue("fanout.follower-cache-seconds")));
    fanout = new Fanout(graph, followers, new TweetReader(engines.cassandra(), context), timelines,
        config.longValue("fanout.celebrity-threshold"), metrics);
    maxDeliveries = config.integer("fanout.max-deliveries");
    maxInFlight = config.integer("fanout.max-in-flight");
    deliveryLatency = Timer.builder("chirp_fanout_delivery_seconds")
        .description("From a TweetCreated event's publish time to its last timeline write")
        // Buckets (Prometheus computes any percentile from them) from 1 ms to two minutes.
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(metrics);
    deadLetters = Counter.builder("chirp_fanout_dead_letters").description("Events given up on and moved to the dead-letter topic")
        .register(metrics);
    Gauge.builder("chirp_fanout_backlog", backlog::get).description("Messages not yet acknowledged by this subscription")
        .register(metrics);
    subscribe();
    return Future.succeededFuture();
  }

  private void subscribe() {
    Backoff.retryUntilSuccess(vertx, "subscribing to the tweet and follow topics", () -> Future.fromCompletionStage(
            engines.pulsar().newConsumer(Schema.BYTES)
                .topics(List.of(config.string("pulsar.tweet-topic"), config.string("pulsar.follow-topic")))
                .subscriptionName(config.string("fanout.subscription"))
                .subscriptionType(SubscriptionType.Key_Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                // Without it, acknowledging part of a batch redelivers the whole batch after a restart.
                .enableBatchIndexAcknowledgment(true)
                .negativeAckRedeliveryBackoff(MultiplierRedeliveryBackoff.builder()
                    .minDelayMs(100).maxDelayMs(10_000).multiplier(3).build())
                .deadLetterPolicy(DeadLetterPolicy.builder().maxRedeliverCount(maxDeliveries - 1)
                    .deadLetterTopic(deadLetterTopic(config)).build())
                .subscribeAsync(), context))
        .onSuccess(subscribed -> {
          consumer = subscribed;
          if (stopped) {
            subscribed.closeAsync();
            return;
          }
          pump();
          long pollMillis = config.longValue("fanout.backlog-poll-ms");
          backlogTimer = vertx.setPeriodic(0, pollMillis, t -> pollBacklog());
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
    return fanout.apply(event)
        .compose(done -> Future.fromCompletionStage(consumer.acknowledgeAsync(message.getMessageId()), context))
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
          message.getKey(), delivery, deadLetterTopic(config), cause.getMessage());
    } else {
      LOG.warn("{} event {} failed on delivery {} of {}, will be redelivered: {}", what, message.getMessageId(), delivery,
          maxDeliveries, cause.getMessage());
    }
    consumer.negativeAcknowledge(message);
    return Future.succeededFuture();
  }

  /** The subscription's backlog on both topics, from the broker's admin API (the client does not know it). */
  private void pollBacklog() {
    List<Future<Long>> topics = List.of(backlogOf(config.string("pulsar.tweet-topic")), backlogOf(config.string("pulsar.follow-topic")));
    Future.all(topics).onSuccess(all -> backlog.set(topics.get(0).result() + topics.get(1).result()));
  }

  private static final HttpClient ADMIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Future<Long> backlogOf(String topic) {
    String path = topic.replace("persistent://", "persistent/");
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.string("pulsar.admin-url") + "/admin/v2/" + path + "/stats"))
        .timeout(Duration.ofSeconds(3)).build();
    return Future.fromCompletionStage(ADMIN.sendAsync(request, HttpResponse.BodyHandlers.ofString()), context).map(response -> {
      if (response.statusCode() != 200) return 0L;
      JsonObject subscription = new JsonObject(response.body()).getJsonObject("subscriptions", new JsonObject())
          .getJsonObject(config.string("fanout.subscription"));
      return subscription == null ? 0L : subscription.getLong("msgBacklog", 0L);
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (backlogTimer >= 0) vertx.cancelTimer(backlogTimer);
    Future<Void> closing = consumer == null ? Future.succeededFuture() : Future.fromCompletionStage(consumer.closeAsync());
    return closing.eventually(() -> engines == null ? Future.succeededFuture() : engines.close());
  }
}
