package dev.chirp.store.timelines;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The home timelines' writer: used by the fan-out worker, and by timeline-svc's rebuild (an architecture test
 * keeps every other module to {@link TimelineReader}). Which ids to write is {@link TimelineMembership}'s call.
 */
public final class TimelineWriter extends RedisTimelines {
  private static final Script PUSH = Script.of("redis/push.lua");
  private static final Script MERGE = Script.of("redis/merge.lua");
  private static final Script REMOVE = Script.of("redis/remove.lua");
  private static final Script ACTIVATE = Script.of("redis/activate.lua");
  private static final Script FOLLOWER_LIST_VERSION = Script.of("redis/follower-list-version.lua");
  private static final Script BEGIN_REBUILD = Script.of("redis/begin-rebuild.lua");
  private static final Script FINISH_REBUILD = Script.of("redis/finish-rebuild.lua");

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
    List<String> args = new ArrayList<>(tweetIds.size() + 1);
    args.add(Integer.toString(cap));
    tweetIds.forEach(id -> args.add(Long.toString(id)));
    return run(MERGE, List.of(key(userId)), args).map(Response::toLong);
  }

  /** A rebuild of one user's timeline, begun by {@link #beginRebuild}; {@code token} tells it from any other. */
  public record Rebuild(long userId, String token) {
  }

  /**
   * Begins rebuilding the user's timeline, before its ids are read from the stores: creates the timeline if there
   * is none (so the fan-out's pushes reach it from now on), empties it if it is stale (it may hold entries whose
   * removal was lost), keeps it for {@code ttl}, and marks it as being rebuilt. Finish with {@link #finishRebuild}.
   */
  public Future<Rebuild> beginRebuild(long userId, Duration ttl) {
    Rebuild rebuild = new Rebuild(userId, Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    return run(BEGIN_REBUILD, List.of(key(userId), stampKey(userId)), List.of(Long.toString(ttl.toMillis()), rebuild.token()))
        .map(rebuild);
  }

  /**
   * Finishes a rebuild with the ids the stores hold: writes them together with those pushed since it began, newest
   * first, capped, and stamps the timeline complete; completes with its ids. Writes nothing if the rebuild no
   * longer owns the timeline (another rebuild began since, an id was removed meanwhile, the timeline is gone): it
   * stays stale and the next read rebuilds it; the ids are then what this rebuild would have written.
   */
  public Future<List<Long>> finishRebuild(Rebuild rebuild, List<Long> storeIds) {
    List<String> args = new ArrayList<>(storeIds.size() + 2);
    args.add(Integer.toString(cap));
    args.add(rebuild.token());
    storeIds.forEach(id -> args.add(Long.toString(id)));
    return run(FINISH_REBUILD, List.of(key(rebuild.userId()), stampKey(rebuild.userId())), args)
        .map(reply -> idsOf(reply, 1));
  }

  /** Writes the user's timeline as a rebuild with these store ids would, kept for {@code ttl}; completes with its ids. */
  public Future<List<Long>> rebuild(long userId, List<Long> tweetIds, Duration ttl) {
    return beginRebuild(userId, ttl).compose(rebuild -> finishRebuild(rebuild, tweetIds));
  }

  /** Removes the tweet ids from the timelines of these users; completes with how many entries went. */
  public Future<Long> remove(long[] userIds, List<Long> tweetIds) {
    if (userIds.length == 0 || tweetIds.isEmpty()) return Future.succeededFuture(0L);
    return run(REMOVE, keysWithStamps(userIds), tweetIds.stream().map(String::valueOf).toList()).map(Response::toLong);
  }

  /**
   * Keeps the user's timeline for {@code ttl} from now, creating an empty one if there is none, which counts as
   * complete: the caller vouches that the user has nothing to show yet (a new user; a test or benchmark setting
   * timelines up before any tweet). An existing timeline keeps its content and whether it is complete.
   */
  public Future<Boolean> activate(long userId, Duration ttl) {
    return run(ACTIVATE, List.of(key(userId), stampKey(userId)), List.of(Long.toString(ttl.toMillis())))
        .map(r -> r.toLong() == 1);
  }

  /**
   * The author's follower-list version: workers keep follower lists tagged with it, and a follow event on any worker
   * bumps it. Kept beside the timelines (one small counter per author ever followed), per key, so it also works
   * when keys are spread over a Redis Cluster. It names the Redis process too, so it never repeats across a restart.
   */
  public Future<String> followerListVersion(long authorId) {
    return run(FOLLOWER_LIST_VERSION, List.of(followerListVersionKey(authorId)), List.of("read")).map(Response::toString);
  }

  /** Makes every kept list of the author's followers stale; completes with the new version. */
  public Future<String> bumpFollowerListVersion(long authorId) {
    return run(FOLLOWER_LIST_VERSION, List.of(followerListVersionKey(authorId)), List.of("bump")).map(Response::toString);
  }

  /** Records that the author's tweet was not fanned out (merged at read time instead). */
  public Future<Void> markCelebrity(long authorId, long skippedTweetId) {
    return send(Request.cmd(Command.HSET).arg(celebritiesKey()).arg(authorId).arg(skippedTweetId)).mapEmpty();
  }
}
