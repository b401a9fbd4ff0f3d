package dev.chirp.store.timelines;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading home timelines (timeline-svc; benchmarks and tests check what was written). */
public final class TimelineReader extends RedisTimelines {
  private static final Script READ = Script.of("redis/read.lua");

  public TimelineReader(Redis redis, String keyPrefix, int cap) {
    super(redis, keyPrefix, cap);
  }

  /** Part of a timeline: up to the asked number of ids below an id, and how long the whole timeline is. */
  public record Slice(List<Long> ids, int length) {
  }

  /** What a read found: no timeline, one that may miss writes (to be rebuilt), or a complete one. */
  public enum State { MISSING, STALE, FRESH }

  /** A read: its state and, if {@link State#FRESH}, the slice. */
  public record Read(State state, Slice slice) {
    /** The slice if the timeline is complete; empty if it is missing or stale (the caller rebuilds it). */
    public Optional<Slice> fresh() {
      return state == State.FRESH ? Optional.of(slice) : Optional.empty();
    }
  }

  /**
   * Up to {@code count} ids of the user's timeline below {@code maxIdExclusive}, newest first, and keeps the
   * timeline for {@code ttl} from now (reading is what keeps a user active). {@link State#MISSING} if the user has
   * none; {@link State#STALE}, without ids, if it may miss writes (it was not built complete in this Redis run:
   * Redis restarted from a snapshot or failed over since, or a rebuild is running or died): rebuild it. A Redis
   * that refuses writes (too few replicas, a failed snapshot, a read-only replica) is still read, without renewing.
   */
  public Future<Read> read(long userId, long maxIdExclusive, int count, Duration ttl) {
    String below = maxIdExclusive == Long.MAX_VALUE ? "" : Long.toString(maxIdExclusive);
    return read(userId, Long.toString(ttl.toMillis()), below, count)
        .recover(e -> refusesWrites(e) ? read(userId, "", below, count) : Future.failedFuture(e));
  }

  private Future<Read> read(long userId, String ttlMillis, String below, int count) {
    return run(READ, List.of(key(userId), stampKey(userId)), List.of(ttlMillis, below, Integer.toString(count))).map(reply -> {
          if (reply == null) return new Read(State.MISSING, null);
          // The first element is the timeline's length (-1: stale), the rest its ids.
          int length = reply.get(0).toInteger();
          if (length < 0) return new Read(State.STALE, null);
          return new Read(State.FRESH, new Slice(idsOf(reply, 1), length));
        });
  }

  /** The user's whole timeline, newest first; empty if there is none. Does not renew it. */
  public Future<List<Long>> ids(long userId) {
    return send(Request.cmd(Command.LRANGE).arg(key(userId)).arg(0).arg(-1)).map(list -> idsOf(list, 0));
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
}
