package dev.chirp.store.graph;

import dev.chirp.common.engines.Backoff;
import dev.chirp.common.engines.Contexts;
import dev.chirp.common.error.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One Cypher statement in a managed async transaction, its records mapped off the result, the session closed,
 * and the outcome delivered on the caller's Vert.x context. A write that loses a deadlock is retried here after
 * milliseconds (the driver's own retry, turned off in EngineClients, waits about a second first). Neo4j being
 * unreachable or frozen past the timeout, or a deadlock that keeps recurring, becomes a 503.
 */
public final class Cypher {
  private Cypher() {
  }

  /** {@code timeout} bounds the transaction on both sides (Neo4j ends it; the caller stops waiting); null: none. */
  public static <T> Future<T> read(Driver driver, Context context, Duration timeout, String query, Map<String, Object> params,
                                   Function<List<Record>, T> mapper) {
    Context caller = Contexts.caller(context);
    AsyncSession session = driver.session(AsyncSession.class);
    return on(caller, bounded(session.executeReadAsync(tx -> tx.runAsync(query, params).thenCompose(ResultCursor::listAsync),
        transaction(timeout)).thenApply(mapper), timeout))
        .eventually(() -> Future.fromCompletionStage(session.closeAsync(), caller));
  }

  static TransactionConfig transaction(Duration timeout) {
    return timeout == null ? TransactionConfig.empty() : TransactionConfig.builder().withTimeout(timeout).build();
  }

  /** A frozen or unreachable server never ends a transaction itself: the client-side bound, as a 503. */
  static <T> CompletableFuture<T> bounded(CompletionStage<T> stage, Duration timeout) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    return timeout == null ? future : future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** With delays capped at 100 ms, about three seconds of retrying before giving up with a 503. */
  private static final int WRITE_ATTEMPTS = 30;

  public static <T> Future<T> write(Driver driver, Context context, Duration timeout, String query, Map<String, Object> params,
                                    Function<List<Record>, T> mapper) {
    Context caller = Contexts.caller(context);
    return Backoff.retryConflicts(caller.owner(), WRITE_ATTEMPTS, Cypher::isConflict, () -> {
      AsyncSession session = driver.session(AsyncSession.class);
      return Future.fromCompletionStage(bounded(session.executeWriteAsync(tx -> tx.runAsync(query, params)
              .thenCompose(ResultCursor::listAsync), transaction(timeout)).thenApply(mapper), timeout), caller)
          .eventually(() -> Future.fromCompletionStage(session.closeAsync(), caller));
    }).recover(e -> Future.failedFuture(unavailableOr(e)));
  }

  private static boolean isConflict(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof TransientException;
  }

  private static <T> Future<T> on(Context context, java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(unavailableOr(e)));
  }

  /** Neo4j ended the transaction at its timeout (or terminated it): not the request's fault, so not a 500. */
  private static boolean endedByTheServer(Throwable cause) {
    return cause instanceof Neo4jException neo4j && neo4j.code() != null
        && (neo4j.code().contains("TransactionTimedOut") || neo4j.code().endsWith("Transaction.Terminated"));
  }

  static Throwable unavailableOr(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ServiceUnavailableException || cause instanceof SessionExpiredException
        || cause instanceof TransientException || cause instanceof TimeoutException || endedByTheServer(cause)) {
      return ApiException.unavailable("neo4j", cause);
    }
    return cause;
  }
}
