package dev.chirp.it;

import dev.chirp.bench.RedisWriteLimit;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis limit measurement runs against real Redis, counts what it wrote and leaves nothing behind (not its speed). */
@ExtendWith(ChirpEngines.class)
class RedisWriteLimitIT {

  @Test
  void measuresPushesThatReallyHappenedAndCleansUp(TestEngines engines) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String prefix = engines.redisPrefix() + "limit:";
      RedisWriteLimit.Result result = new RedisWriteLimit(vertx, engines.endpoints().redisUri(), prefix)
          .measure(0.5, 16).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(result.pushes()).isPositive().isEqualTo(result.pushes() / 16 * 16);
      assertThat(result.seconds()).isGreaterThanOrEqualTo(0.5);
      assertThat(result.pushesPerSecond()).isEqualTo(result.pushes() / result.seconds());

      RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, engines.endpoints().redisUri()));
      assertThat(redis.keys(prefix + "*").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).size()).isZero();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
