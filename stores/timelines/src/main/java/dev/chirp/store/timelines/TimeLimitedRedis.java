package dev.chirp.store.timelines;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis client with a bound on every command: a frozen or unreachable Redis fails the call after
 * {@code redis.command-timeout-ms} instead of leaving it waiting (the command may still run later; every write
 * of the timelines store is idempotent).
 */
final class TimeLimitedRedis implements Redis {
  private final Redis delegate;
  private final long timeoutMillis;

  TimeLimitedRedis(Redis delegate, long timeoutMillis) {
    this.delegate = delegate;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<RedisConnection> connect() {
    return delegate.connect().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return delegate.send(command).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return delegate.batch(commands).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
