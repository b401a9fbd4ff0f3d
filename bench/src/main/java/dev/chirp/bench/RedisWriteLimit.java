package dev.chirp.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis' own write limit on this machine: list pushes (the fan-out worker's kind of write) from one client
 * on one connection, pipelined in batches like {@code redis-benchmark -P}, with a few batches in flight.
 * The figure Chirp's fan-out rate is compared with.
 */
public final class RedisWriteLimit {
  public record Result(long pushes, double seconds, int pipeline) {
    public double pushesPerSecond() {
      return pushes / seconds;
    }
  }

  private static final int KEYS = 1000;
  private static final int BATCHES_IN_FLIGHT = 4;

  private final Vertx vertx;
  private final String redisUri;
  private final String keyPrefix;

  public RedisWriteLimit(Vertx vertx, String redisUri, String keyPrefix) {
    this.vertx = vertx;
    this.redisUri = redisUri;
    this.keyPrefix = keyPrefix;
  }

  public Future<Result> measure(double seconds, int pipeline) {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri)
        .setMaxPoolWaiting(BATCHES_IN_FLIGHT * 2));
    return client.connect().compose(connection -> {
      Promise<Result> done = Promise.promise();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long[] pushed = {0};
      int[] running = {BATCHES_IN_FLIGHT};
      for (int lane = 0; lane < BATCHES_IN_FLIGHT; lane++) {
        sendBatches(connection, pipeline, end, pushed, () -> {
          if (--running[0] == 0) done.complete(new Result(pushed[0], (System.nanoTime() - start) / 1e9, pipeline));
        }, done);
      }
      return done.future().eventually(() -> cleanUp(connection)).eventually(connection::close);
    }).eventually(client::close);
  }

  private void sendBatches(RedisConnection connection, int pipeline, long end, long[] pushed,
                           Runnable finished, Promise<Result> failure) {
    if (System.nanoTime() >= end || failure.future().isComplete()) {
      finished.run();
      return;
    }
    List<Request> batch = new ArrayList<>(pipeline);
    for (int i = 0; i < pipeline; i++) {
      long n = pushed[0] + i;
      batch.add(Request.cmd(Command.LPUSH).arg(keyPrefix + (n % KEYS)).arg(Long.toString(n)));
    }
    connection.batch(batch).onComplete(result -> {
      if (result.failed()) {
        failure.tryFail(result.cause());
        finished.run();
        return;
      }
      pushed[0] += pipeline;
      sendBatches(connection, pipeline, end, pushed, finished, failure);
    });
  }

  private Future<?> cleanUp(RedisConnection connection) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) keys.add(keyPrefix + i);
    return RedisAPI.api(connection).del(keys);
  }
}
