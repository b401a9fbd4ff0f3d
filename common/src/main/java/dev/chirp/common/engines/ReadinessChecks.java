package dev.chirp.common.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.apache.pulsar.client.api.PulsarClient;
import org.neo4j.driver.Driver;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Readiness as each engine's own round trip, so {@code /health/ready} is true only when every engine a service
 * needs really answers. A probe that fails or takes longer than two seconds marks its engine DOWN.
 */
public final class ReadinessChecks {
  private static final long TIMEOUT_MILLIS = 2000;
  /** Below the registration timeout, so a slow engine is reported DOWN ("timed out"), not as a failed check. */
  private static final long PROBE_TIMEOUT_MILLIS = 1500;
  private final HealthChecks checks;

  public ReadinessChecks(Vertx vertx) {
    this.checks = HealthChecks.create(vertx);
  }

  public HealthChecks healthChecks() {
    return checks;
  }

  public ReadinessChecks add(String engine, Supplier<Future<?>> probe) {
    checks.register(engine, TIMEOUT_MILLIS, promise -> probe.get().timeout(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(done -> promise.complete(done.succeeded()
            ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(done.cause()))))));
    return this;
  }

  public ReadinessChecks cassandra(Future<CqlSession> session) {
    return add("cassandra", () -> session.compose(s ->
        Future.fromCompletionStage(s.executeAsync("SELECT release_version FROM system.local"))));
  }

  public ReadinessChecks neo4j(Driver driver) {
    return add("neo4j", () -> Future.fromCompletionStage(driver.verifyConnectivityAsync()));
  }

  /** A topic lookup is a real broker round trip. */
  public ReadinessChecks pulsar(PulsarClient client, String topic) {
    return add("pulsar", () -> Future.fromCompletionStage(client.getPartitionsForTopic(topic)));
  }

  public ReadinessChecks redis(Redis redis) {
    RedisAPI api = RedisAPI.api(redis);
    return add("redis", () -> api.ping(List.of()));
  }
}
