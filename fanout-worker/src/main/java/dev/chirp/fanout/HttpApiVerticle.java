package dev.chirp.fanout;

import dev.chirp.common.http.ApiVerticle;
import io.vertx.ext.web.Router;

/** fanout-worker's HTTP side: health (ready only when pulsar, neo4j, redis, cassandra answer) and metrics. */
public final class HttpApiVerticle extends ApiVerticle {
  HttpApiVerticle(FanoutWorkerWiring wiring) {
    super(wiring.readiness, wiring.config);
  }

  @Override
  protected void routes(Router router) {
    // No API of its own: the common router serves /health/* and /metrics.
  }
}
