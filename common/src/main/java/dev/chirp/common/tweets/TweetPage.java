package dev.chirp.common.tweets;

import java.util.List;

/** Tweets newest first; {@code nextMaxId} is the exclusive {@code max_id} of the next page, null at the end. */
public record TweetPage(List<Tweet> tweets, Long nextMaxId) {
  public TweetPage {
    tweets = List.copyOf(tweets);
  }
}
