package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import dev.chirp.common.engines.Contexts;
import dev.chirp.common.error.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Async CQL on a Vert.x context: statements are prepared once, after the session first connected; each call
 * completes on the caller's context. Until Cassandra answered, or when it times out, is unreachable or
 * overloaded, calls fail with a 503 instead of queueing.
 */
public final class Cql {
  private final Context context;
  private final Future<Map<String, PreparedStatement>> prepared;
  private final Future<CqlSession> session;

  public Cql(Future<CqlSession> session, Context context, Map<String, String> statements) {
    this.context = context;
    this.session = session;
    this.prepared = session.compose(s -> {
      Map<String, PreparedStatement> byName = new LinkedHashMap<>();
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, String> statement : statements.entrySet()) {
        chain = chain.compose(v -> Future.fromCompletionStage(s.prepareAsync(statement.getValue()), context)
            .map(p -> {
              byName.put(statement.getKey(), p);
              return null;
            }));
      }
      return chain.map(v -> byName);
    });
  }

  /** Completes once Cassandra answered and every statement is prepared. */
  public Future<Void> ready() {
    return prepared.mapEmpty();
  }

  /** The prepared statement called {@code name}, or a 503 while Cassandra has not answered yet. */
  public PreparedStatement statement(String name) {
    if (!prepared.succeeded()) throw ApiException.unavailable("cassandra", prepared.cause());
    PreparedStatement statement = prepared.result().get(name);
    if (statement == null) throw new IllegalArgumentException("no statement " + name);
    return statement;
  }

  public Future<AsyncResultSet> execute(Statement<?> statement) {
    return Contexts.onCaller(session.result().executeAsync(statement), context)
        .recover(e -> Future.failedFuture(unavailableOr(e)));
  }

  /** Binds and runs the prepared statement {@code name}. */
  public Future<AsyncResultSet> execute(String name, Object... values) {
    try {
      return execute(statement(name).bind(values));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
  }

  static Throwable unavailableOr(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof AllNodesFailedException || cause instanceof NoNodeAvailableException
        || cause instanceof DriverTimeoutException || cause instanceof QueryConsistencyException
        || cause instanceof UnavailableException || cause instanceof OverloadedException
        || cause instanceof BusyConnectionException || cause instanceof ClosedConnectionException) {
      return ApiException.unavailable("cassandra", cause);
    }
    return cause;
  }
}
