package dev.chirp.bench;

import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "limits", description = "Measure this machine's own limits that Chirp's figures are compared with.")
final class LimitsCommand implements Callable<Integer> {
  @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379", description = "Redis to measure. Default: ${DEFAULT-VALUE}.")
  String redisUri;

  @Option(names = "--seconds", defaultValue = "10", description = "How long to measure. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--pipeline", defaultValue = "64", description = "Commands per pipelined batch. Default: ${DEFAULT-VALUE}.")
  int pipeline;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RedisWriteLimit.Result redis = new RedisWriteLimit(vertx, redisUri, "bench:limit:")
          .measure(seconds, pipeline).toCompletionStage().toCompletableFuture().get((long) seconds + 60, TimeUnit.SECONDS);
      System.out.printf("redis pipelined LPUSH, one client, -P %d: %,.0f pushes/s (%,d in %.1f s)%n",
          redis.pipeline(), redis.pushesPerSecond(), redis.pushes(), redis.seconds());
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
