package dev.chirp.store.timelines;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.List;

/**
 * Setting timelines up for benchmarks and tests, never for serving: activating users, filling timelines, pushing
 * ids as the fan-out would, and evicting a timeline so the next read rebuilds it.
 */
public final class TimelineLoader {
  private final TimelineWriter writer;
  private final Evictor evictor;

  public TimelineLoader(Redis redis, String keyPrefix, int cap) {
    this.writer = new TimelineWriter(redis, keyPrefix, cap);
    this.evictor = new Evictor(redis, keyPrefix, cap);
  }

  public int cap() {
    return writer.cap();
  }

  /** Makes the user active (an empty timeline) for {@code ttl}, as a read would. */
  public Future<Boolean> activate(long userId, Duration ttl) {
    return writer.activate(userId, ttl);
  }

  /** Fills the user's timeline with these ids (kept for {@code ttl}), as a rebuild would. */
  public Future<Long> fill(long userId, List<Long> tweetIds, Duration ttl) {
    return writer.rebuild(userId, tweetIds, ttl).map(ids -> (long) ids.size());
  }

  /**
   * Makes the user's timeline look as if Redis had restarted from a snapshot since it was last built complete (its
   * stamp names another Redis run), so it may miss writes; the next read rebuilds it.
   */
  public Future<Void> restoredFromAnEarlierRun(long userId) {
    return evictor.restoredFromAnEarlierRun(userId);
  }

  /** Pushes a tweet id to these users' timelines, as the fan-out would. */
  public Future<Long> push(long tweetId, long[] userIds) {
    return writer.push(tweetId, userIds);
  }

  /** Drops the user's timeline, as expiry or a Redis loss would. */
  public Future<Void> evict(long userId) {
    return evictor.evict(userId);
  }

  private static final class Evictor extends RedisTimelines {
    Evictor(Redis redis, String keyPrefix, int cap) {
      super(redis, keyPrefix, cap);
    }

    Future<Void> evict(long userId) {
      return send(Request.cmd(Command.DEL).arg(key(userId)).arg(stampKey(userId))).mapEmpty();
    }

    Future<Void> restoredFromAnEarlierRun(long userId) {
      // The run_id of a Redis process that is not this one (a real one is 40 random hex digits).
      return send(Request.cmd(Command.PTTL).arg(key(userId))).compose(ttl -> {
        Request stamp = Request.cmd(Command.SET).arg(stampKey(userId)).arg("0".repeat(40));
        return send(ttl.toLong() > 0 ? stamp.arg("PX").arg(ttl.toLong()) : stamp);
      }).mapEmpty();
    }
  }
}
