package dev.chirp.common.http;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.ReadinessChecks;
import dev.chirp.common.tracing.Tracing;
import dev.chirp.common.tracing.TracingSettings;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Every service's shape: {@code Main} → a {@link Wiring} that owns what must exist once per process (engine
 * clients, id generators, caches, the outbox sweeper's or consumer's state) → one verticle per concern, each
 * deployed as its {@link Part} says → use-case classes → store modules.
 */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {
  }

  /** What one process of a service holds once, and the verticles it runs on top. */
  public interface Wiring {
    /** The verticles to deploy, in order. */
    List<Part> parts();

    /** The process's readiness: it turns false first when the process is asked to stop. */
    ReadinessChecks readiness();

    /** Closes the engine clients (producers flush what they hold), after the verticles stopped. */
    Future<Void> close();
  }

  /**
   * One concern of a service as a verticle. {@code instances} above one spreads it over that many event loops;
   * a concern whose state must exist once per process (a consumer, a sweeper) is deployed once.
   */
  public record Part(String name, Supplier<? extends Deployable> verticle, int instances) {
    public static Part once(String name, Supplier<? extends Deployable> verticle) {
      return new Part(name, verticle, 1);
    }
  }

  /** The verticles a deployment created, for tests that look at a running service's routes. */
  public record Deployed(Wiring wiring, List<String> deploymentIds, List<Deployable> verticles) {
    public <T extends Deployable> T verticle(Class<T> type) {
      return verticles.stream().filter(type::isInstance).map(type::cast).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " deployed"));
    }

    /** Undeploys the verticles, newest first, then closes the wiring. */
    public Future<Void> undeploy(Vertx vertx) {
      List<String> ids = new ArrayList<>(deploymentIds);
      Collections.reverse(ids);
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) chain = chain.compose(v -> vertx.undeploy(id));
      return chain.eventually(wiring::close);
    }
  }

  public static void run(String service, String defaultsResource, BiFunction<Vertx, ChirpConfig, Wiring> wire) {
    // Tracing is part of creating Vert.x, so its keys are read first (the full configuration needs Vert.x).
    Tracing tracing;
    try {
      tracing = Tracing.start(service, TracingSettings.fromProcess(defaultsResource));
    } catch (RuntimeException e) {
      LOG.error("{} failed to start", service, e);
      System.exit(1);
      return;
    }
    Vertx vertx = Observability.newVertx(tracing);
    ChirpConfig.load(vertx, defaultsResource)
        .compose(config -> {
          LOG.info("{} starting with {}", service, config);
          // Creating the engine clients loads and initialises whole drivers: seconds of work, off the event loop.
          return vertx.executeBlocking(() -> wire.apply(vertx, config)).compose(wiring -> deploy(vertx, wiring))
              .onSuccess(deployed -> Runtime.getRuntime().addShutdownHook(
                  new Thread(() -> {
                    drain(service, vertx, deployed, config);
                    tracing.close();
                  }, service + "-drain")))
              .map(config);
        })
        .onSuccess(config -> LOG.info("{} listening on {}:{}", service, config.string("http.host"), config.integer("http.port")))
        .onFailure(e -> {
          LOG.error("{} failed to start", service, e);
          vertx.close().onComplete(closed -> {
            tracing.close();
            System.exit(1);
          });
        });
  }

  /**
   * What SIGTERM does: readiness turns false, then after {@code shutdown.unready-delay-ms} (time for a load balancer to
   * notice) the verticles stop newest first — HTTP servers finish the requests in flight, the events consumer the
   * events it started and acknowledges them — and the engine clients close. The JVM exits when this returns, at the
   * latest after {@code shutdown.timeout-ms}; whatever was not finished by then is redelivered or retried.
   */
  static void drain(String service, Vertx vertx, Deployed deployed, ChirpConfig config) {
    long started = System.nanoTime();
    LOG.info("{} draining: not ready any more", service);
    deployed.wiring().readiness().drain();
    try {
      Thread.sleep(config.longValue("shutdown.unready-delay-ms"));
      deployed.undeploy(vertx).eventually(vertx::close).toCompletionStage().toCompletableFuture()
          .get(config.longValue("shutdown.timeout-ms"), TimeUnit.MILLISECONDS);
      LOG.info("{} drained in {} ms", service, (System.nanoTime() - started) / 1_000_000);
    } catch (TimeoutException e) {
      LOG.warn("{} not drained within {} ms, exiting anyway", service, config.longValue("shutdown.timeout-ms"));
    } catch (ExecutionException e) {
      LOG.warn("{} drained with an error: {}", service, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deploys the wiring's parts in order; on a failure, what was deployed is undeployed and the wiring closed. */
  public static Future<Deployed> deploy(Vertx vertx, Wiring wiring) {
    List<String> ids = new ArrayList<>();
    List<Deployable> created = Collections.synchronizedList(new ArrayList<>());
    Deployed deployed = new Deployed(wiring, ids, created);
    Future<Void> chain = Future.succeededFuture();
    for (Part part : wiring.parts()) {
      Supplier<Deployable> recorded = () -> {
        Deployable verticle = part.verticle().get();
        created.add(verticle);
        return verticle;
      };
      chain = chain.compose(v -> vertx.deployVerticle(recorded, new DeploymentOptions().setInstances(part.instances()))
          .map(id -> {
            ids.add(id);
            return null;
          }));
    }
    return chain.map(deployed).recover(e -> deployed.undeploy(vertx).transform(v -> Future.failedFuture(e)));
  }
}
