package dev.chirp.fanout;

import dev.chirp.store.tweets.Tweet;
import io.vertx.core.Future;

import java.util.List;

/** An author's tweets, as a follow or an unfollow needs them. */
@FunctionalInterface
interface AuthorTweets {
  /** The author's newest {@code count} tweets (all of them if there are fewer), newest first. */
  Future<List<Tweet>> newest(long authorId, int count);
}
