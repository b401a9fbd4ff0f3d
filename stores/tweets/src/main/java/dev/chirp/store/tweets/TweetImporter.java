package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.Context;
import io.vertx.core.Future;

/** Stores tweets without announcing them: importing history for benchmarks and tests, never for posting. */
public final class TweetImporter {
  private final TweetWriter writer;

  public TweetImporter(Future<CqlSession> session, Context context) {
    this.writer = new TweetWriter(session, context, 30);
  }

  /** Completes once Cassandra answered and the statements are prepared. */
  public Future<Void> ready() {
    return writer.ready();
  }

  public Future<Void> importTweet(Tweet tweet) {
    return writer.importTweet(tweet);
  }
}
