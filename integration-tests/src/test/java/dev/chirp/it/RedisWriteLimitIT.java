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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis limit measurement runs against real Redis: Redis' own command statistics confirm the pushes it reports,
 * and it leaves nothing behind (its speed is not checked).
 */
@ExtendWith(ChirpEngines.class)
class RedisWriteLimitIT {
  private static final Pattern LPUSH_CALLS = Pattern.compile("cmdstat_lpush:calls=(\\d+)");

  @Test
  void measuresPushesThatReallyHappenedAndCleansUp(TestEngines engines) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String prefix = engines.redisPrefix() + "limit:";
      RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, engines.endpoints().redisUri()));
      long pushesBefore = lpushCalls(redis);
      RedisWriteLimit.Result result = new RedisWriteLimit(vertx, engines.endpoints().redisUri(), prefix)
          .measure(0.5, 16).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(result.pushes()).isPositive().isEqualTo(result.pushes() / 16 * 16);
      assertThat(result.seconds()).isGreaterThanOrEqualTo(0.5);
      // Other classes' services may push meanwhile (scripts' LPUSHes count too), so at least, never fewer.
      assertThat(lpushCalls(redis) - pushesBefore).isGreaterThanOrEqualTo(result.pushes());

      assertThat(redis.keys(prefix + "*").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).size()).isZero();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** LPUSH calls Redis has served since it started ({@code INFO commandstats}). */
  private static long lpushCalls(RedisAPI redis) throws Exception {
    String stats = redis.info(List.of("commandstats")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
    Matcher calls = LPUSH_CALLS.matcher(stats);
    return calls.find() ? Long.parseLong(calls.group(1)) : 0;
  }
}
