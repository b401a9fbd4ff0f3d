package dev.chirp.store.timelines;

import dev.chirp.common.Resources;
import dev.chirp.common.engines.Contexts;
import dev.chirp.common.error.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Home timelines in Redis, the one place that knows their shape (the writer and the reader build on it). A
 * timeline is a Redis list of tweet ids, newest first, each id once, at most {@code cap} long; its key exists only
 * while its user is active (reading sets its expiry), and fan-out writes skip users without one. Every change is
 * one Lua script, so it is atomic and a page of followers costs one round trip. Authors whose tweets are not
 * fanned out ("celebrities") are kept in a hash: author id → their newest tweet id that was skipped.
 */
abstract class RedisTimelines {
  /** Keeps an empty timeline in existence (an empty Redis list is no key at all); sorts after every id. */
  static final String PLACEHOLDER = "0";

  private final Redis redis;
  private final String prefix;
  final int cap;

  RedisTimelines(Redis redis, String keyPrefix, int cap) {
    this.redis = redis;
    this.prefix = keyPrefix;
    this.cap = cap;
    stampKeyOf(key(0)); // a prefix whose stamps cannot share their timelines' slots fails here, not on first use
  }

  String key(long userId) {
    return prefix + "tl:" + userId;
  }

  List<String> keys(long[] userIds) {
    List<String> keys = new ArrayList<>(userIds.length);
    for (long user : userIds) keys.add(key(user));
    return keys;
  }

  /**
   * The key of the timeline's stamp: the id of the Redis run ({@code run_id}) in which the timeline was last built
   * complete, or a "rebuilding" marker. It hashes to the timeline's cluster slot, so one script can use both.
   */
  String stampKey(long userId) {
    return stampKeyOf(key(userId));
  }

  /**
   * A Redis Cluster hashes only a key's hash tag (the text between its first '{' and the next '}', if not empty),
   * else the whole key: a key with a tag gets a suffix (same tag), one without is made the companion's tag.
   */
  static String stampKeyOf(String timelineKey) {
    int open = timelineKey.indexOf('{');
    int close = open < 0 ? -1 : timelineKey.indexOf('}', open + 1);
    if (close > open + 1) return timelineKey + ":s";
    // Wrapped in braces, the whole key becomes the tag, unless a '}' in it would end the tag early.
    if (timelineKey.indexOf('}') >= 0) {
      throw new IllegalArgumentException("no key hashes to the slot of this timeline key (its '}' ends no hash tag): " + timelineKey);
    }
    return "{" + timelineKey + "}:s";
  }

  /** Each user's timeline followed by its stamp. */
  List<String> keysWithStamps(long[] userIds) {
    List<String> keys = new ArrayList<>(userIds.length * 2);
    for (long user : userIds) {
      keys.add(key(user));
      keys.add(stampKey(user));
    }
    return keys;
  }

  String followerListVersionKey(long authorId) {
    return prefix + "fv:" + authorId;
  }

  String celebritiesKey() {
    return prefix + "celebrities";
  }

  /** How many ids a timeline holds at most. */
  public int cap() {
    return cap;
  }

  /** The tweet ids in a list reply from position {@code from} on, without the placeholder. */
  static List<Long> idsOf(Response list, int from) {
    List<Long> ids = new ArrayList<>(list.size());
    for (int i = from; i < list.size(); i++) {
      String id = list.get(i).toString();
      if (!PLACEHOLDER.equals(id)) ids.add(Long.parseLong(id));
    }
    return ids;
  }

  Future<Response> run(Script script, List<String> keys, List<String> args) {
    return send(script.call(Command.EVALSHA, script.sha, keys, args)).recover(e -> {
      // After a Redis restart the script cache is empty: send the script itself, which also caches it again.
      if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
        return send(script.call(Command.EVAL, script.source, keys, args));
      }
      return Future.failedFuture(e);
    });
  }

  Future<Response> send(Request request) {
    return Contexts.onCaller(redis.send(request).recover(e -> Future.failedFuture(
        isAnswer(e) && !isOutage(e.getMessage()) ? e : ApiException.unavailable("redis", e))));
  }

  private static boolean isAnswer(Throwable e) {
    return e instanceof io.vertx.redis.client.impl.types.ErrorType;
  }

  /**
   * An error reply that says Redis cannot serve now rather than that the command is wrong — loading its data, a
   * failed snapshot refusing writes, too few replicas, out of memory, a busy script, a read-only replica, a cluster
   * in transition — also when a script's call got it. The caller sees a 503, never a 500.
   */
  static boolean isOutage(String errorReply) {
    return errorReply != null && OUTAGE_REPLY.matcher(errorReply).find();
  }

  /**
   * Whether a request failed because Redis refuses writes for now while it still answers reads: too few replicas,
   * a failed snapshot, a read-only replica, or out of memory without eviction. Reads then go on without renewing.
   */
  public static boolean refusesWrites(Throwable failure) {
    Throwable reply = failure instanceof ApiException && failure.getCause() != null ? failure.getCause() : failure;
    return WRITES_REFUSED_REPLY.matcher(String.valueOf(reply.getMessage())).find();
  }

  private static final java.util.regex.Pattern WRITES_REFUSED_REPLY = java.util.regex.Pattern.compile(
      "(^|[-\\s])(MISCONF|NOREPLICAS|OOM|READONLY)\\b");

  private static final java.util.regex.Pattern OUTAGE_REPLY = java.util.regex.Pattern.compile(
      "(^|[-\\s])(LOADING|MISCONF|NOREPLICAS|OOM|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\\b");

  record Script(String source, String sha) {
    static Script of(String resource) {
      String source = Resources.read(resource);
      try {
        return new Script(source, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
            .digest(source.getBytes(StandardCharsets.UTF_8))));
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
