package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The steady workload of {@code ./chirp drill}: posts by the authors, home-timeline reads by the followers, follows
 * and unfollows by the churners, each at a fixed rate on timers (open loop), every request with a 10 s timeout.
 * Records each accepted post (tweet id to author id) and when a request last failed. A drill may send requests of
 * its own through it ({@link #post}, {@link #follow}): they are counted and recorded the same way.
 */
final class DrillWorkload {
  private static final long TIMEOUT_MS = 10_000;
  private final Vertx vertx;
  private final WebClient api;
  private final DrillAudience audience;
  private final double postRate;
  private final double readRate;
  private final Random random;
  private final Map<Long, Long> accepted = new ConcurrentHashMap<>();
  private final List<Future<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> timers = new ArrayList<>();
  private long requests;
  private long serverErrors;
  private long otherFailures;
  private volatile long lastFailureNanos;

  DrillWorkload(Vertx vertx, WebClient api, DrillAudience audience, double postRate, double readRate, Random random) {
    this.vertx = vertx;
    this.api = api;
    this.audience = audience;
    this.postRate = postRate;
    this.readRate = readRate;
    this.random = random;
  }

  void start() {
    timers.add(vertx.setPeriodic((long) (1000 / postRate), t -> post(pick(audience.authors()))));
    timers.add(vertx.setPeriodic((long) (1000 / readRate), t -> readHome(pick(audience.followers()))));
    timers.add(vertx.setPeriodic(1000, t -> follow(pick(audience.churners()), pick(audience.authors()), random.nextBoolean())));
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
  }

  /** Completes once every request sent has an outcome (failures are counted, not raised). */
  Future<?> drained() {
    synchronized (inFlight) {
      return Future.join(new ArrayList<>(inFlight)).otherwiseEmpty();
    }
  }

  Vertx vertx() {
    return vertx;
  }

  WebClient api() {
    return api;
  }

  /** A post by the author; once accepted (201) it is one the checks look for. */
  Future<?> post(Account author) {
    return track(api.post("/api/v1/tweets").bearerTokenAuthentication(author.token()).timeout(TIMEOUT_MS)
        .sendJsonObject(new JsonObject().put("text", "drill " + System.nanoTime())), 201, response ->
        accepted.put(Long.parseLong(response.bodyAsJsonObject().getString("id")), Long.parseLong(author.id())));
  }

  /** The reader's home timeline, through the API: what a user does (and what repairs a timeline on read). */
  Future<?> readHome(Account reader) {
    return track(api.get("/api/v1/users/" + reader.id() + "/home_timeline").bearerTokenAuthentication(reader.token())
        .timeout(TIMEOUT_MS).send(), 200, response -> { });
  }

  /** Follows ({@code follow}) or unfollows the author. */
  Future<?> follow(Account follower, Account author, boolean follow) {
    String path = "/api/v1/users/" + follower.id() + "/following/" + author.id();
    var request = follow ? api.put(path) : api.delete(path);
    return track(request.bearerTokenAuthentication(follower.token()).timeout(TIMEOUT_MS).send(), 204, response -> { });
  }

  private Account pick(List<Account> accounts) {
    return accounts.get(random.nextInt(accounts.size()));
  }

  private Future<?> track(Future<HttpResponse<Buffer>> call, int expected, Consumer<HttpResponse<Buffer>> onSuccess) {
    synchronized (this) {
      requests++;
    }
    Future<?> outcome = call.andThen(done -> {
      synchronized (this) {
        if (done.succeeded() && done.result().statusCode() == expected) {
          onSuccess.accept(done.result());
          return;
        }
        if (done.succeeded() && done.result().statusCode() >= 500) serverErrors++;
        else otherFailures++;
        lastFailureNanos = System.nanoTime();
      }
    });
    inFlight.add(outcome);
    return outcome;
  }

  Map<Long, Long> accepted() {
    return Map.copyOf(accepted);
  }

  synchronized long requests() {
    return requests;
  }

  synchronized long serverErrors() {
    return serverErrors;
  }

  synchronized long otherFailures() {
    return otherFailures;
  }

  long lastFailureNanos() {
    return lastFailureNanos;
  }
}
