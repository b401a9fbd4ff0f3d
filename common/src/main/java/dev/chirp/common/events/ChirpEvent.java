package dev.chirp.common.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The events on Pulsar, as JSON with a {@code type} and a schema version {@code v}. Ids travel as strings,
 * as in the HTTP API. Readers ignore fields they do not know, so adding a field is not a breaking change;
 * removing or retyping one needs a new {@code v}.
 */
public sealed interface ChirpEvent {
  int SCHEMA_VERSION = 1;

  /** The Pulsar message key: events with the same key are consumed in order. */
  String key();

  JsonObject toJson();

  record TweetCreated(long tweetId, long authorId, Instant createdAt, List<Long> mentionIds) implements ChirpEvent {
    public TweetCreated {
      mentionIds = List.copyOf(mentionIds);
    }

    @Override
    public String key() {
      return Long.toString(authorId);
    }

    @Override
    public JsonObject toJson() {
      return header("TweetCreated").put("tweet_id", Long.toString(tweetId)).put("author_id", Long.toString(authorId))
          .put("created_at", createdAt.toString()).put("mention_ids", ids(mentionIds));
    }
  }

  /** {@code mentionIds}: whose timelines the tweet also went to (an addition to v1; absent reads as none). */
  record TweetDeleted(long tweetId, long authorId, List<Long> mentionIds) implements ChirpEvent {
    public TweetDeleted {
      mentionIds = List.copyOf(mentionIds);
    }

    @Override
    public String key() {
      return Long.toString(authorId);
    }

    @Override
    public JsonObject toJson() {
      return header("TweetDeleted").put("tweet_id", Long.toString(tweetId)).put("author_id", Long.toString(authorId))
          .put("mention_ids", ids(mentionIds));
    }
  }

  record Followed(long followerId, long followeeId) implements ChirpEvent {
    @Override
    public String key() {
      return Long.toString(followerId);
    }

    @Override
    public JsonObject toJson() {
      return header("Followed").put("follower_id", Long.toString(followerId)).put("followee_id", Long.toString(followeeId));
    }
  }

  record Unfollowed(long followerId, long followeeId) implements ChirpEvent {
    @Override
    public String key() {
      return Long.toString(followerId);
    }

    @Override
    public JsonObject toJson() {
      return header("Unfollowed").put("follower_id", Long.toString(followerId)).put("followee_id", Long.toString(followeeId));
    }
  }

  default byte[] toBytes() {
    return toJson().toBuffer().getBytes();
  }

  /**
   * Reads any known event. Throws {@link IllegalArgumentException} for bytes that are not a known event of a
   * version this code reads: a consumer should dead-letter those rather than retry them forever.
   */
  static ChirpEvent fromBytes(byte[] bytes) {
    JsonObject json;
    try {
      json = new JsonObject(Buffer.buffer(bytes));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("event is not JSON", e);
    }
    int version = json.getInteger("v", -1);
    if (version != SCHEMA_VERSION) throw new IllegalArgumentException("unsupported event version " + version);
    String type = json.getString("type", "");
    try {
      return switch (type) {
        case "TweetCreated" -> new TweetCreated(id(json, "tweet_id"), id(json, "author_id"),
            Instant.parse(json.getString("created_at")), mentionIds(json));
        case "TweetDeleted" -> new TweetDeleted(id(json, "tweet_id"), id(json, "author_id"), mentionIds(json));
        case "Followed" -> new Followed(id(json, "follower_id"), id(json, "followee_id"));
        case "Unfollowed" -> new Unfollowed(id(json, "follower_id"), id(json, "followee_id"));
        default -> throw new IllegalArgumentException("unknown event type '" + type + "'");
      };
    } catch (DateTimeParseException | ClassCastException | NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("malformed " + type + " event: " + e.getMessage(), e);
    }
  }

  private static long id(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) throw new IllegalArgumentException("missing " + field);
    try {
      return Long.parseLong(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not an id: " + value, e);
    }
  }

  private static List<Long> mentionIds(JsonObject json) {
    return json.getJsonArray("mention_ids", new JsonArray()).stream().map(o -> Long.parseLong(String.valueOf(o))).toList();
  }

  private static JsonArray ids(List<Long> ids) {
    JsonArray array = new JsonArray();
    ids.forEach(id -> array.add(Long.toString(id)));
    return array;
  }

  private static JsonObject header(String type) {
    return new JsonObject().put("type", type).put("v", SCHEMA_VERSION);
  }
}
