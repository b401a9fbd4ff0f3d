package dev.chirp.timeline;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.engines.Engines;
import dev.chirp.common.http.Routers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

import static dev.chirp.common.engines.Engines.Engine.*;

/** timeline-svc's HTTP side: health (ready only when redis, cassandra, neo4j answer) and metrics. */
public final class HttpApiVerticle extends VerticleBase {
  private final ChirpConfig config;
  private Engines engines;

  public HttpApiVerticle(ChirpConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() throws Exception {
    engines = Engines.open(vertx, config, REDIS, CASSANDRA, NEO4J);
    Router router = Routers.apiRouter(vertx, engines.readiness());
    return Routers.listen(vertx, router, config.integer("http.port"));
  }

  @Override
  public Future<?> stop() {
    return engines == null ? Future.succeededFuture() : engines.close();
  }
}
