package dev.chirp.store.timelines;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The home timelines' writer: used by the fan-out worker, and by timeline-svc's rebuild (an architecture test
 * keeps every other module to {@link TimelineReader}). Which ids to write is {@link TimelineMembership}'s call.
 */
public final class TimelineWriter extends RedisTimelines {
  private static final Script PUSH = Script.of("redis/push.lua");
  private static final Script MERGE = Script.of("redis/merge.lua");
  private static final Script REMOVE = Script.of("redis/remove.lua");
  private static final Script ACTIVATE = Script.of("redis/activate.lua");

  public TimelineWriter(Redis redis, String keyPrefix, int cap) {
    super(redis, keyPrefix, cap);
  }

  /** Writes the tweet id into the timelines of those users who have one; completes with how many got it. */
  public Future<Long> push(long tweetId, long[] userIds) {
    if (userIds.length == 0) return Future.succeededFuture(0L);
    return run(PUSH, keys(userIds), List.of(Long.toString(tweetId), Integer.toString(cap))).map(Response::toLong);
  }

  /** Merges tweet ids into the user's timeline, if the user has one. */
  public Future<Long> merge(long userId, List<Long> tweetIds) {
    return merge(userId, tweetIds, Duration.ZERO);
  }

  /** A rebuild of one user's timeline, begun by {@link #beginRebuild} and ended by {@link #finishRebuild}. */
  public static final class Rebuild {
    final long userId;
    final String token;
    final Duration ttl;

    Rebuild(long userId, String token, Duration ttl) {
      this.userId = userId;
      this.token = token;
      this.ttl = ttl;
    }

    public long userId() {
      return userId;
    }
  }

  /** SKELETON (today's behaviour): nothing happens before the stores are read. */
  public Future<Rebuild> beginRebuild(long userId, Duration ttl) {
    return Future.succeededFuture(new Rebuild(userId, "", ttl));
  }

  /** SKELETON (today's behaviour): merges the stores' ids, creating the timeline. */
  public Future<List<Long>> finishRebuild(Rebuild rebuild, List<Long> storeIds) {
    return merge(rebuild.userId, storeIds, rebuild.ttl).compose(n ->
        send(Request.cmd(Command.LRANGE).arg(key(rebuild.userId)).arg(0).arg(-1)).map(list -> idsOf(list, 0)));
  }

  /** Merges tweet ids into the user's timeline, creating it (kept for {@code ttl}) if there is none: a rebuild. */
  public Future<List<Long>> rebuild(long userId, List<Long> tweetIds, Duration ttl) {
    return beginRebuild(userId, ttl).compose(r -> finishRebuild(r, tweetIds));
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
    return run(REMOVE, keys(userIds), tweetIds.stream().map(String::valueOf).toList()).map(Response::toLong);
  }

  /** Keeps the user's timeline for {@code ttl} from now, creating an empty one if there is none. */
  public Future<Boolean> activate(long userId, Duration ttl) {
    return run(ACTIVATE, List.of(key(userId)), List.of(Long.toString(ttl.toMillis()))).map(r -> r.toLong() == 1);
  }

  /**
   * The author's follower-list version: workers keep follower lists tagged with it, and a follow event on any worker
   * bumps it. Kept beside the timelines (one small counter per author ever followed), per key, so it also works
   * when keys are spread over a Redis Cluster.
   */
  public Future<Long> followerListVersion(long authorId) {
    return send(Request.cmd(Command.GET).arg(followerListVersionKey(authorId))).map(r -> r == null ? 0L : r.toLong());
  }

  /** Makes every kept list of the author's followers stale; completes with the new version. */
  public Future<Long> bumpFollowerListVersion(long authorId) {
    return send(Request.cmd(Command.INCR).arg(followerListVersionKey(authorId))).map(Response::toLong);
  }

  /** Records that the author's tweet was not fanned out (merged at read time instead). */
  public Future<Void> markCelebrity(long authorId, long skippedTweetId) {
    return send(Request.cmd(Command.HSET).arg(celebritiesKey()).arg(authorId).arg(skippedTweetId)).mapEmpty();
  }
}
