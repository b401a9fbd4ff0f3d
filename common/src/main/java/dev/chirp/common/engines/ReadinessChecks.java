package dev.chirp.common.engines;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Readiness as each engine's own round trip (each store module supplies its probe), so {@code /health/ready} is
 * true only when every engine a service needs really answers. A probe that fails or takes longer than two
 * seconds marks its engine DOWN.
 */
public final class ReadinessChecks {
  private static final long TIMEOUT_MILLIS = 2000;
  /** Below the registration timeout, so a slow engine is reported DOWN ("timed out"), not as a failed check. */
  private static final long PROBE_TIMEOUT_MILLIS = 1500;
  private final HealthChecks checks;
  private final AtomicBoolean draining = new AtomicBoolean();

  public ReadinessChecks(Vertx vertx) {
    this.checks = HealthChecks.create(vertx);
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
    checks.register(engine, TIMEOUT_MILLIS, promise -> probe.get().timeout(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        // tryComplete: under heavy load the registration's own timeout may have answered first.
        .onComplete(done -> promise.tryComplete(done.succeeded()
            ? Status.OK() : Status.KO(new JsonObject().put("error", String.valueOf(done.cause()))))));
    return this;
  }
}
