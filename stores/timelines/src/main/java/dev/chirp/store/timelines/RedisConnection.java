package dev.chirp.store.timelines;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
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

  /**
   * With {@code redis.password} (or its file) when set; TLS with a {@code rediss://} URI, trusting
   * {@code redis.tls-ca-file}; every command bounded by {@code redis.command-timeout-ms}.
   */
  public static RedisConnection open(Vertx vertx, ChirpConfig config) {
    // Fan-out sends many scripts at once: a wait queue for bursts instead of the default's 24.
    RedisOptions options = new RedisOptions().setConnectionString(config.string("redis.uri")).setMaxPoolSize(8)
        .setMaxPoolWaiting(4096);
    String password = config.secret("redis.password");
    if (!password.isEmpty()) options.setPassword(password);
    String ca = config.string("redis.tls-ca-file");
    if (!ca.isEmpty()) options.setNetClientOptions(new NetClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(ca)));
    options.getNetClientOptions().setConnectTimeout(config.integer("redis.command-timeout-ms"));
    return new RedisConnection(new TimeLimitedRedis(Redis.createClient(vertx, options), config.longValue("redis.command-timeout-ms")));
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
