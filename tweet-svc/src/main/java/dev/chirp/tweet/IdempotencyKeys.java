package dev.chirp.tweet;

import dev.chirp.store.tweets.TweetWriter.KeyOwner;
import io.vertx.core.Future;

import java.util.Optional;

/** Each author's Idempotency-Keys and the tweet each names; a key is claimed by one request alone. */
interface IdempotencyKeys {
  /** The tweet the author's key already names, or empty when this call claimed the key for {@code tweetId}. */
  Future<Optional<KeyOwner>> claim(long authorId, String key, long tweetId, byte[] textSha256);

  /** The tweet id the author's key names now, if the key is known. */
  Future<Optional<Long>> owner(long authorId, String key);

  /** Points the key at a new tweet id, if it still names {@code fromTweetId}; whether it did. */
  Future<Boolean> reassign(long authorId, String key, long fromTweetId, long toTweetId);
}
