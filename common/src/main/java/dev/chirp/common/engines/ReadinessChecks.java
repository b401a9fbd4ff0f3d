package dev.chirp.common.engines;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Readiness as each engine's own round trip (each store module supplies its probe), so {@code /health/ready} is
 * true only when every engine a service needs really answers. A probe that fails or takes longer than two
 * seconds marks its engine DOWN. Each engine's last result is also the gauge {@code chirp_health_check_up{check}}
 * (1 up, 0 down), refreshed every {@value #REFRESH_MILLIS} ms, so monitoring sees an outage whoever asks.
 * The instance alone (started, not draining) is what a load balancer needs: {@link #draining()}.
 */
public final class ReadinessChecks {
  static final long REFRESH_MILLIS = 5000;
  private static final long TIMEOUT_MILLIS = 2000;
  /** Below the registration timeout, so a slow engine is reported DOWN ("timed out"), not as a failed check. */
  private static final long PROBE_TIMEOUT_MILLIS = 1500;
  private final Vertx vertx;
  private final HealthChecks checks;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();

  public ReadinessChecks(Vertx vertx) {
    this.vertx = vertx;
    this.checks = HealthChecks.create(vertx);
  }

  public boolean draining() {
    return draining.get();
  }

  public HealthChecks healthChecks() {
    return checks;
  }

  /** From now on not ready, whatever the engines say: the process is stopping (the check appears only then). */
  public void drain() {
    if (draining.compareAndSet(false, true)) {
      checks.register("shutdown", promise -> promise.complete(Status.KO(new JsonObject().put("reason", "stopping"))));
    }
  }

  public ReadinessChecks add(String engine, Supplier<Future<?>> probe) {
    AtomicInteger engineUp = new AtomicInteger();
    up.put(engine, engineUp);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry != null) {
      Gauge.builder("chirp_health_check_up", engineUp, AtomicInteger::get).tag("check", engine)
          .description("1 when the engine answered its last readiness probe, else 0").register(registry);
    }
    checks.register(engine, TIMEOUT_MILLIS, promise -> probe.get().timeout(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(done -> {
          engineUp.set(done.succeeded() ? 1 : 0);
          // tryComplete: under heavy load the registration's own timeout may have answered first.
          promise.tryComplete(done.succeeded()
              ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(done.cause()))));
        }));
    if (up.size() == 1) vertx.setPeriodic(REFRESH_MILLIS, REFRESH_MILLIS, id -> checks.checkStatus());
    return this;
  }
}
