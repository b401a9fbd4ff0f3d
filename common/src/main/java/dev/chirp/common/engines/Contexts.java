package dev.chirp.common.engines;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;

/**
 * Store adapters are opened once per process and shared by every verticle instance; their results must still
 * arrive on the calling verticle's event loop, because use-case classes keep per-verticle state unsynchronised.
 */
public final class Contexts {
  private Contexts() {
  }

  /** The caller's context, or {@code fallback} when called from outside Vert.x (start-up, tests). */
  public static Context caller(Context fallback) {
    Context current = Vertx.currentContext();
    return current != null ? current : fallback;
  }

  /** A driver's completion stage, completed on the caller's context. */
  public static <T> Future<T> onCaller(CompletionStage<T> stage, Context fallback) {
    return Future.fromCompletionStage(stage, caller(fallback));
  }

  /** A Vert.x future from a client bound to another context, completed on the caller's context. */
  public static <T> Future<T> onCaller(Future<T> future) {
    Context caller = Vertx.currentContext();
    if (caller == null) return future;
    Promise<T> promise = Promise.promise();
    future.onComplete(done -> {
      if (Vertx.currentContext() == caller) {
        promise.handle(done);
      } else {
        caller.runOnContext(v -> promise.handle(done));
      }
    });
    return promise.future();
  }
}
