package dev.chirp.tweet;

import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetWriter.Removal;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;

import java.util.Optional;

/** Tweets as posting and deleting change them: every change is stored together with its outbox row, or not at all. */
interface TweetRows {
  /** The tweet, unless it does not exist or was deleted. */
  Future<Optional<Tweet>> tweet(long id);

  /** Stores the tweet and its outbox row, owned by {@code event.claimedBy()}, atomically. */
  Future<Void> insert(Tweet tweet, UnpublishedEvent event);

  /** Marks the tweet deleted and stores its outbox row, owned by {@code event.claimedBy()}, atomically. */
  Future<Void> markDeleted(Tweet tweet, UnpublishedEvent event);

  /**
   * Takes back a stored tweet whose created event was never acknowledged: marks it deleted and withdrawn and removes
   * its outbox row, atomically, so nothing publishes it and no read shows it.
   */
  Future<Void> withdraw(Tweet tweet, UnpublishedEvent event);

  /** Whether the tweet was deleted or withdrawn ({@link #tweet} shows both as absent). */
  Future<Removal> removal(long id);
}
