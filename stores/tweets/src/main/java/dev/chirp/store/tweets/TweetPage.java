package dev.chirp.store.tweets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Tweets newest first; {@code nextMaxId} is the exclusive {@code max_id} of the next page, null at the end. */
public record TweetPage(List<Tweet> tweets, Long nextMaxId) {
  public TweetPage {
    tweets = List.copyOf(tweets);
  }

  /** As the API shows a time-ordered page: {@code {"tweets": [...], "next_max_id": "…" | null}}. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    tweets.forEach(t -> list.add(t.toJson()));
    return new JsonObject().put("tweets", list).put("next_max_id", nextMaxId == null ? null : Long.toString(nextMaxId));
  }
}
