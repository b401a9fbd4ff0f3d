package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Polls the subscription's backlog on both topics from the broker's admin API (the client does not know it). With
 * several brokers, a broker that does not own a topic redirects (307) to the one that does. A poll that fails keeps
 * the last value and logs why: a backlog that reads 0 because nobody could see it would hide a growing one.
 */
final class BacklogPollerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BacklogPollerVerticle.class);
  private static final HttpClient ADMIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  private final FanoutWorkerWiring wiring;
  private final ChirpConfig config;
  private long timer = -1;

  BacklogPollerVerticle(FanoutWorkerWiring wiring) {
    this.wiring = wiring;
    this.config = wiring.config;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, config.longValue("fanout.backlog-poll-ms"), t -> poll());
    return Future.succeededFuture();
  }

  private void poll() {
    List<Future<Long>> topics = List.of(backlogOf(config.string("pulsar.tweet-topic")), backlogOf(config.string("pulsar.follow-topic")));
    Future.all(topics)
        .onSuccess(all -> wiring.backlog.set(topics.get(0).result() + topics.get(1).result()))
        .onFailure(e -> LOG.warn("backlog not read from {}: {}", config.string("pulsar.admin-url"), e.getMessage()));
  }

  private Future<Long> backlogOf(String topic) {
    String path = topic.replace("persistent://", "persistent/");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.string("pulsar.admin-url") + "/admin/v2/" + path + "/stats"))
        .timeout(Duration.ofSeconds(3));
    String token = config.secret("pulsar.auth-token");
    if (!token.isEmpty()) request.header("Authorization", "Bearer " + token);
    return Future.fromCompletionStage(ADMIN.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()), context).map(response -> {
      if (response.statusCode() != 200) throw new IllegalStateException(topic + ": " + response.statusCode());
      JsonObject subscription = new JsonObject(response.body()).getJsonObject("subscriptions", new JsonObject())
          .getJsonObject(config.string("fanout.subscription"));
      return subscription == null ? 0L : subscription.getLong("msgBacklog", 0L);
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
