package dev.chirp.common.timeline;

import dev.chirp.common.error.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Home timelines in Redis, the one class that knows their shape. A timeline is a Redis list of tweet ids,
 * newest first, each id once, at most {@code cap} long; its key exists only while its user is active (the
 * timeline service sets its expiry on every read), and fan-out writes skip users without one. Ids in a
 * list are stored as integers (~10 bytes an entry). Every change is one Lua script, so it is atomic and a
 * page of followers costs one round trip. Authors whose tweets are not fanned out ("celebrities") are kept in
 * a hash: author id → their newest tweet id that was skipped.
 */
public final class TimelineCache {
  /** Keeps an empty timeline in existence (an empty Redis list is no key at all); sorts after every id. */
  public static final String PLACEHOLDER = "0";
  private static final Script PUSH = Script.of("redis/push.lua");
  private static final Script MERGE = Script.of("redis/merge.lua");
  private static final Script REMOVE = Script.of("redis/remove.lua");
  private static final Script ACTIVATE = Script.of("redis/activate.lua");
  private static final Script READ = Script.of("redis/read.lua");

  private final Redis redis;
  private final String prefix;
  private final int cap;

  public TimelineCache(Redis redis, String keyPrefix, int cap) {
    this.redis = redis;
    this.prefix = keyPrefix;
    this.cap = cap;
  }

  public String key(long userId) {
    return prefix + "tl:" + userId;
  }

  private String celebritiesKey() {
    return prefix + "celebrities";
  }

  public int cap() {
    return cap;
  }

  /** Writes the tweet id into the timelines of those users who have one; completes with how many got it. */
  public Future<Long> push(long tweetId, long[] userIds) {
    if (userIds.length == 0) return Future.succeededFuture(0L);
    List<String> keys = new ArrayList<>(userIds.length);
    for (long user : userIds) keys.add(key(user));
    return run(PUSH, keys, List.of(Long.toString(tweetId), Integer.toString(cap))).map(Response::toLong);
  }

  /** Merges tweet ids into the user's timeline, if the user has one. */
  public Future<Long> merge(long userId, List<Long> tweetIds) {
    return merge(userId, tweetIds, Duration.ZERO);
  }

  /** Merges tweet ids into the user's timeline, creating it (kept for {@code ttl}) if there is none: a rebuild. */
  public Future<Long> rebuild(long userId, List<Long> tweetIds, Duration ttl) {
    return merge(userId, tweetIds, ttl);
  }

  private Future<Long> merge(long userId, List<Long> tweetIds, Duration createWithTtl) {
    List<String> args = new ArrayList<>(tweetIds.size() + 2);
    args.add(Integer.toString(cap));
    args.add(Long.toString(createWithTtl.toMillis()));
    tweetIds.forEach(id -> args.add(Long.toString(id)));
    return run(MERGE, List.of(key(userId)), args).map(Response::toLong);
  }

  /** Removes the tweet ids from the timelines of these users; completes with how many entries went. */
  public Future<Long> remove(long[] userIds, List<Long> tweetIds) {
    if (userIds.length == 0 || tweetIds.isEmpty()) return Future.succeededFuture(0L);
    List<String> keys = new ArrayList<>(userIds.length);
    for (long user : userIds) keys.add(key(user));
    return run(REMOVE, keys, tweetIds.stream().map(String::valueOf).toList()).map(Response::toLong);
  }

  /** Keeps the user's timeline for {@code ttl} from now, creating an empty one if there is none. */
  public Future<Boolean> activate(long userId, Duration ttl) {
    return run(ACTIVATE, List.of(key(userId)), List.of(Long.toString(ttl.toMillis()))).map(r -> r.toLong() == 1);
  }

  /** The user's timeline, newest first; empty if there is none. */
  public Future<List<Long>> ids(long userId) {
    return send(Request.cmd(Command.LRANGE).arg(key(userId)).arg(0).arg(-1)).map(list -> idsOf(list, 0));
  }

  /** Part of a timeline: up to the asked number of ids below an id, and how long the whole timeline is. */
  public record Slice(List<Long> ids, int length) {
  }

  /**
   * Up to {@code count} ids of the user's timeline below {@code maxIdExclusive}, newest first, and keeps the
   * timeline for {@code ttl} from now; empty if the user has none (inactive).
   */
  public Future<Optional<Slice>> read(long userId, long maxIdExclusive, int count, Duration ttl) {
    String below = maxIdExclusive == Long.MAX_VALUE ? "" : Long.toString(maxIdExclusive);
    return run(READ, List.of(key(userId)), List.of(Long.toString(ttl.toMillis()), below, Integer.toString(count)))
        .map(reply -> {
          if (reply == null) return Optional.<Slice>empty();
          // The first element is the timeline's length, the rest its ids.
          return Optional.of(new Slice(idsOf(reply, 1), reply.get(0).toInteger()));
        });
  }

  /** The tweet ids in a list reply from position {@code from} on, without the placeholder. */
  private static List<Long> idsOf(Response list, int from) {
    List<Long> ids = new ArrayList<>(list.size());
    for (int i = from; i < list.size(); i++) {
      String id = list.get(i).toString();
      if (!PLACEHOLDER.equals(id)) ids.add(Long.parseLong(id));
    }
    return ids;
  }

  public Future<Void> markCelebrity(long authorId, long skippedTweetId) {
    return send(Request.cmd(Command.HSET).arg(celebritiesKey()).arg(authorId).arg(skippedTweetId)).mapEmpty();
  }

  /** Author id → the newest of their tweets that was not fanned out. */
  public Future<Map<Long, Long>> celebrities() {
    return send(Request.cmd(Command.HGETALL).arg(celebritiesKey())).map(hash -> {
      Map<Long, Long> byAuthor = new HashMap<>();
      for (String author : hash.getKeys()) byAuthor.put(Long.parseLong(author), hash.get(author).toLong());
      return byAuthor;
    });
  }

  /** Bytes Redis uses for the user's timeline ({@code MEMORY USAGE}), 0 if there is none. */
  public Future<Long> memoryUsage(long userId) {
    return send(Request.cmd(Command.MEMORY).arg("USAGE").arg(key(userId)).arg("SAMPLES").arg(0))
        .map(r -> r == null ? 0L : r.toLong());
  }

  private Future<Response> run(Script script, List<String> keys, List<String> args) {
    return send(script.call(Command.EVALSHA, script.sha, keys, args)).recover(e -> {
      // After a Redis restart the script cache is empty: send the script itself, which also caches it again.
      if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
        return send(script.call(Command.EVAL, script.source, keys, args));
      }
      return Future.failedFuture(e);
    });
  }

  private Future<Response> send(Request request) {
    return redis.send(request).recover(e -> Future.failedFuture(
        e instanceof io.vertx.redis.client.impl.types.ErrorType ? e : ApiException.unavailable("redis", e)));
  }

  private record Script(String source, String sha) {
    static Script of(String resource) {
      try (InputStream in = TimelineCache.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) throw new IllegalStateException("missing resource " + resource);
        String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Script(source, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
            .digest(source.getBytes(StandardCharsets.UTF_8))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    Request call(Command command, String scriptOrSha, List<String> keys, List<String> args) {
      Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
      keys.forEach(request::arg);
      args.forEach(request::arg);
      return request;
    }
  }
}
