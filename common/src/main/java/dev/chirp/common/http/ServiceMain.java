package dev.chirp.common.http;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** What every service's {@code Main} does: metrics-enabled Vert.x, configuration, then its verticles. */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {
  }

  @SafeVarargs
  public static void run(String service, String defaultsResource, Function<ChirpConfig, Deployable>... verticles) {
    Vertx vertx = Observability.newVertx();
    ChirpConfig.load(vertx, defaultsResource)
        .compose(config -> {
          LOG.info("{} starting with {}", service, config);
          Future<?> deployed = Future.succeededFuture();
          for (Function<ChirpConfig, Deployable> verticle : verticles) {
            deployed = deployed.compose(v -> vertx.deployVerticle(verticle.apply(config)));
          }
          return deployed.map(config);
        })
        .onSuccess(config -> LOG.info("{} listening on port {}", service, config.integer("http.port")))
        .onFailure(e -> {
          LOG.error("{} failed to start", service, e);
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }
}
