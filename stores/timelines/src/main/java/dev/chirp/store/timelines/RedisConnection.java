package dev.chirp.store.timelines;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

import java.util.List;

/** The process's one Redis client (a connection pool). */
public final class RedisConnection {
  private final Redis redis;

  private RedisConnection(Redis redis) {
    this.redis = redis;
  }

  public static RedisConnection open(Vertx vertx, ChirpConfig config) {
    // Fan-out sends many scripts at once: a wait queue for bursts instead of the default's 24.
    return new RedisConnection(Redis.createClient(vertx, new RedisOptions().setConnectionString(config.string("redis.uri"))
        .setMaxPoolSize(8).setMaxPoolWaiting(4096)));
  }

  public Redis redis() {
    return redis;
  }

  /** A real round trip, for readiness. */
  public Future<?> probe() {
    return RedisAPI.api(redis).ping(List.of());
  }

  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }
}
