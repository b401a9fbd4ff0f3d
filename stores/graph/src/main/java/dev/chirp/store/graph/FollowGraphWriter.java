package dev.chirp.store.graph;

import dev.chirp.common.error.ApiException;
import dev.chirp.store.graph.Cypher;
import dev.chirp.store.graph.FollowGraphReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.exceptions.ClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The follow graph's writer, used by follow-svc alone (an architecture test holds every other module to
 * {@link FollowGraphReader}). Follow and unfollow first take the write locks of
 * both users in id order (see {@link #LOCK_PAIR}), so concurrent requests for one pair run one after the other. A change whose event is not yet acknowledged by Pulsar stays marked (an edge's {@code pending},
 * a follower's {@code pending_unfollows}) until {@link #followPublished}/{@link #unfollowPublished}, so a retry
 * publishes it even if the first attempt's process died or Pulsar was down.
 */
public final class FollowGraphWriter {
  /** Whether the request found both users, and whether an event still has to be published. */
  public enum Outcome { FOLLOWER_UNKNOWN, TARGET_UNKNOWN, PUBLISH, UNCHANGED }

  public record Credentials(long userId, String passwordHash) {
  }

  private static final String CREATE_USER = "CREATE (:User {id: $id, handle: $handle, handle_key: $key,"
      + " password_hash: $hash, created_at: $created})";
  private static final String CREDENTIALS = "MATCH (u:User {handle_key: $key}) RETURN u.id AS id, u.password_hash AS hash";
  /**
   * Write-locks both users, lower id first. Creating or deleting an edge locks both of its nodes; taking those
   * locks in one global order first means A-follows-B and B-follows-A never deadlock (a deadlock costs a
   * driver retry of about a second), and MERGE never sees a second edge being made beside it.
   */
  private static final String LOCK_PAIR = "MATCH (a:User {id: $follower}) OPTIONAL MATCH (b:User {id: $followee}) "
      + "FOREACH (n IN [x IN CASE WHEN b IS NULL OR a.id < b.id THEN [a, b] ELSE [b, a] END WHERE x IS NOT NULL] | "
      + "  SET n.lock = true REMOVE n.lock) "
      + "WITH a, b ";
  /**
   * Drops {@code $followee} from the follower's pending unfollows and the time each was marked (two lists kept in
   * step; a time missing from an older mark counts as 0, long ago), then keeps {@code pending_unfollows_since}, the
   * oldest time left (removed when none is), which the sweeper finds users by (indexed).
   */
  private static final String DROP_PENDING_UNFOLLOW =
      "SET a.pending_unfollow_times = [i IN range(0, size(coalesce(a.pending_unfollows, [])) - 1)"
      + "   WHERE a.pending_unfollows[i] <> $followee | coalesce(a.pending_unfollow_times[i], 0)], "
      + " a.pending_unfollows = [x IN coalesce(a.pending_unfollows, []) WHERE x <> $followee] "
      + "SET a.pending_unfollows_since = " + oldestOf("a.pending_unfollow_times") + " ";
  private static final String FOLLOW = LOCK_PAIR
      + "FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | "
      + "  MERGE (a)-[f:FOLLOWS]->(b) ON CREATE SET f.since = $now, f.pending = true "
      + "  " + DROP_PENDING_UNFOLLOW + ") "
      + "WITH a, b OPTIONAL MATCH (a)-[f:FOLLOWS]->(b) "
      + "RETURN b IS NOT NULL AS target_exists, coalesce(f.pending, false) AS pending";
  private static final String FOLLOW_PUBLISHED = LOCK_PAIR + "MATCH (a)-[f:FOLLOWS]->(b) REMOVE f.pending";
  private static final String UNFOLLOW = LOCK_PAIR
      + "OPTIONAL MATCH (a)-[f:FOLLOWS]->(b) "
      + "WITH a, f, f IS NOT NULL AS existed DELETE f "
      + "WITH a, coalesce(a.pending_unfollows, []) AS pending, coalesce(a.pending_unfollow_times, []) AS times, "
      + " existed AND NOT $followee IN coalesce(a.pending_unfollows, []) AS added "
      // The times list is padded to the ids list first (marks from before times were kept have none).
      + "SET a.pending_unfollows = CASE WHEN added THEN pending + $followee ELSE pending END, "
      + " a.pending_unfollow_times = CASE WHEN added"
      + "   THEN times[0..size(pending)] + [x IN range(size(times), size(pending) - 1) | 0] + $now ELSE times END "
      + "SET a.pending_unfollows_since = " + oldestOf("a.pending_unfollow_times") + " "
      + "RETURN $followee IN a.pending_unfollows AS pending";
  private static final String UNFOLLOW_PUBLISHED = "MATCH (a:User {id: $follower}) " + DROP_PENDING_UNFOLLOW;
  /** Follow edges still pending whose follow is older than {@code $before} (the edge's {@code since}); indexed. */
  private static final String PENDING_FOLLOWS = "MATCH (a:User)-[f:FOLLOWS]->(b:User) WHERE f.pending = true AND f.since < $before "
      + "RETURN a.id AS follower, b.id AS followee, f.since AS at LIMIT $limit";
  /** Pending unfollows marked before {@code $before}, found through the follower's oldest mark (indexed). */
  private static final String PENDING_UNFOLLOWS = "MATCH (a:User) WHERE a.pending_unfollows_since < $before "
      + "UNWIND range(0, size(coalesce(a.pending_unfollows, [])) - 1) AS i "
      + "WITH a.id AS follower, a.pending_unfollows[i] AS followee, coalesce(a.pending_unfollow_times[i], 0) AS at "
      + "WHERE at < $before RETURN follower, followee, at LIMIT $limit";
  /** Clears a pending follow the sweeper published, unless the edge was since remade (a new follow's own mark). */
  private static final String FOLLOW_SWEPT = LOCK_PAIR + "MATCH (a)-[f:FOLLOWS]->(b) WHERE f.since = $since REMOVE f.pending";

  private static String oldestOf(String times) {
    return "reduce(m = null, t IN " + times + " | CASE WHEN m IS NULL OR t < m THEN t ELSE m END)";
  }

  /** A change still marked pending: who, whom, and since when (epoch ms; 0 when not recorded). */
  public record PendingChange(long follower, long followee, long markedAtMillis) {
  }

  private final Driver driver;
  private final Context context;
  private final Duration timeout;

  /** Every transaction bounded by {@code timeout} (a 503 past it); null: unbounded (tests and the bench). */
  public FollowGraphWriter(Driver driver, Context context, Duration timeout) {
    this.driver = driver;
    this.context = context;
    this.timeout = timeout;
  }

  public FollowGraphWriter(Driver driver, Context context) {
    this(driver, context, null);
  }

  /** Fails with 409 handle_taken when the handle exists in any letter case. */
  public Future<Void> createUser(long id, String handle, String passwordHash, Instant createdAt) {
    Map<String, Object> params = Map.of("id", id, "handle", handle, "key", FollowGraphReader.handleKey(handle),
        "hash", passwordHash, "created", createdAt.toEpochMilli());
    return write(CREATE_USER, params, records -> (Void) null).recover(e -> {
      if (e instanceof ClientException client && "Neo.ClientError.Schema.ConstraintValidationFailed".equals(client.code())) {
        return Future.failedFuture(ApiException.conflict("handle_taken", "the handle '" + handle + "' is taken"));
      }
      return Future.failedFuture(e);
    });
  }

  public Future<Optional<Credentials>> credentials(String handle) {
    return read(CREDENTIALS, Map.of("key", FollowGraphReader.handleKey(handle)), records -> records.stream().findFirst()
        .map(r -> new Credentials(r.get("id").asLong(), r.get("hash").asString())));
  }

  public Future<Outcome> follow(long follower, long followee, Instant now) {
    return write(FOLLOW, Map.of("follower", follower, "followee", followee, "now", now.toEpochMilli()), records -> {
      if (records.isEmpty()) return Outcome.FOLLOWER_UNKNOWN;
      Record r = records.get(0);
      if (!r.get("target_exists").asBoolean()) return Outcome.TARGET_UNKNOWN;
      return r.get("pending").asBoolean() ? Outcome.PUBLISH : Outcome.UNCHANGED;
    });
  }

  public Future<Void> followPublished(long follower, long followee) {
    return write(FOLLOW_PUBLISHED, Map.of("follower", follower, "followee", followee), records -> null);
  }

  public Future<Outcome> unfollow(long follower, long followee) {
    return unfollow(follower, followee, Instant.now());
  }

  /** {@code now}: when the unfollow is marked pending (the sweeper leaves it to the request for a grace period). */
  public Future<Outcome> unfollow(long follower, long followee, Instant now) {
    return write(UNFOLLOW, Map.of("follower", follower, "followee", followee, "now", now.toEpochMilli()), records -> {
      if (records.isEmpty()) return Outcome.FOLLOWER_UNKNOWN;
      return records.get(0).get("pending").asBoolean() ? Outcome.PUBLISH : Outcome.UNCHANGED;
    });
  }

  public Future<Void> unfollowPublished(long follower, long followee) {
    return write(UNFOLLOW_PUBLISHED, Map.of("follower", follower, "followee", followee), records -> null);
  }

  /**
   * Follows still marked pending whose mark is older than {@code before}: their event was never acknowledged (the
   * request's process died, or Pulsar failed and nobody retried). At most {@code limit}, for the sweeper.
   */
  public Future<List<PendingChange>> pendingFollows(Instant before, int limit) {
    return read(PENDING_FOLLOWS, Map.of("before", before.toEpochMilli(), "limit", limit), FollowGraphWriter::changes);
  }

  /** Unfollows still marked pending whose mark is older than {@code before}, at most {@code limit}. */
  public Future<List<PendingChange>> pendingUnfollows(Instant before, int limit) {
    return read(PENDING_UNFOLLOWS, Map.of("before", before.toEpochMilli(), "limit", limit), FollowGraphWriter::changes);
  }

  /** The sweeper published the follow: clears its mark unless the edge was remade since (it then has its own). */
  public Future<Void> followSwept(PendingChange follow) {
    return write(FOLLOW_SWEPT, Map.of("follower", follow.follower(), "followee", follow.followee(),
        "since", follow.markedAtMillis()), records -> null);
  }

  private static List<PendingChange> changes(List<Record> records) {
    return records.stream().map(r -> new PendingChange(r.get("follower").asLong(), r.get("followee").asLong(),
        r.get("at").isNull() ? 0 : r.get("at").asLong())).toList();
  }

  private <T> Future<T> write(String query, Map<String, Object> params, Function<List<Record>, T> mapper) {
    return Cypher.write(driver, context, timeout, query, params, mapper);
  }

  private <T> Future<T> read(String query, Map<String, Object> params, Function<List<Record>, T> mapper) {
    return Cypher.read(driver, context, timeout, query, params, mapper);
  }
}
