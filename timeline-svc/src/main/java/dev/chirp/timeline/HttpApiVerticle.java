package dev.chirp.timeline;

import dev.chirp.common.auth.BearerAuth;
import dev.chirp.common.http.ApiRequests;
import dev.chirp.common.http.ApiVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** timeline-svc's HTTP API: a user's home timeline, newest first, hydrated (the owner's token only). */
public final class HttpApiVerticle extends ApiVerticle {
  private final TimelineServiceWiring wiring;
  private final MeterRegistry metrics;
  private final Timer readsOk;
  private final Timer readsFailed;
  private HomeTimeline home;

  HttpApiVerticle(TimelineServiceWiring wiring) {
    super(wiring.readiness, wiring.config);
    this.wiring = wiring;
    this.metrics = wiring.metrics;
    this.readsOk = readTimer("ok");
    this.readsFailed = readTimer("failed");
  }

  private Timer readTimer(String outcome) {
    return Timer.builder("chirp_timeline_read_seconds").publishPercentileHistogram().tag("outcome", outcome).register(metrics);
  }

  @Override
  protected void routes(Router router) {
    home = wiring.homeTimeline();
    router.get("/api/v1/users/:id/home_timeline").handler(new BearerAuth(wiring.tokens)).handler(this::homeTimeline);
    openApi(router, "timeline-svc-openapi.yaml");
  }

  private void homeTimeline(RoutingContext ctx) {
    long user = BearerAuth.requireSelf(ctx, "id");
    long maxId = ApiRequests.maxId(ctx);
    int limit = ApiRequests.limit(ctx);
    Timer.Sample sample = Timer.start(metrics);
    home.page(user, maxId, limit)
        .onComplete(done -> sample.stop(done.succeeded() ? readsOk : readsFailed))
        .onSuccess(page -> ctx.json(page.toJson()))
        .onFailure(ctx::fail);
  }
}
