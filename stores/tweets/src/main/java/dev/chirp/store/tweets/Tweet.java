package dev.chirp.store.tweets;

import dev.chirp.common.users.UserRef;
import dev.chirp.common.http.ApiRequests;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** A tweet as the API shows it; {@code mentions} are the users its @handles named when it was posted. */
public record Tweet(long id, long authorId, String authorHandle, String text, Instant createdAt, List<UserRef> mentions) {
  public Tweet {
    mentions = List.copyOf(mentions);
  }

  public List<Long> mentionIds() {
    return mentions.stream().map(UserRef::id).toList();
  }

  public JsonObject toJson() {
    JsonArray mentioned = new JsonArray();
    mentions.forEach(m -> mentioned.add(new JsonObject().put("handle", m.handle()).put("user_id", Long.toString(m.id()))));
    return new JsonObject().put("id", Long.toString(id)).put("author_id", Long.toString(authorId))
        .put("author_handle", authorHandle).put("text", text).put("created_at", ApiRequests.time(createdAt))
        .put("mentions", mentioned);
  }
}
