package dev.chirp.store.graph;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.neo4j.driver.Driver;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk loading for benchmarks and large test graphs, never for serving: users get no usable password, each edge
 * must be new (CREATE, not MERGE), and no events are published. A finished load can be recorded under a key
 * ({@link #recordLoadedSet}) so that a later run finds it ({@link #loadedSet}) instead of loading it again; the
 * record is a {@code (:LoadedSet)} node in Neo4j itself, so wiping the database forgets it too.
 */
public final class GraphLoader {
  private static final String BULK_USERS = "UNWIND $users AS u CREATE (:User {id: u.id, handle: u.handle,"
      + " handle_key: toLower(u.handle), password_hash: '!', created_at: $created})";
  private static final String BULK_EDGES = "UNWIND $edges AS e MATCH (a:User {id: e[0]}) MATCH (b:User {id: e[1]})"
      + " CREATE (a)-[:FOLLOWS {since: $now}]->(b)";
  private static final String FIND_SET = "MATCH (s:LoadedSet {key: $key}) RETURN s.user_ids AS user_ids,"
      + " s.scale_ids AS scale_ids, s.scale_follower_offset AS scale_follower_offset, s.loaded_at AS loaded_at LIMIT 1";
  private static final String RECORD_SET = "MERGE (s:LoadedSet {key: $key}) SET s.user_ids = $user_ids,"
      + " s.scale_ids = $scale_ids, s.scale_follower_offset = $scale_follower_offset, s.loaded_at = $loaded_at";

  private final Driver driver;
  private final Context context;

  public GraphLoader(Driver driver, Context context) {
    this.driver = driver;
    this.context = context;
  }

  /** Users as maps of {@code id} (long) and {@code handle}. */
  public Future<Void> users(List<Map<String, Object>> users, Instant createdAt) {
    return Cypher.write(driver, context, null, BULK_USERS, Map.of("users", users, "created", createdAt.toEpochMilli()), records -> null);
  }

  /** Edges as {follower, followee} pairs. */
  public Future<Void> edges(List<long[]> edges, Instant now) {
    List<List<Long>> pairs = edges.stream().map(e -> List.of(e[0], e[1])).toList();
    return Cypher.write(driver, context, null, BULK_EDGES, Map.of("edges", pairs, "now", now.toEpochMilli()), records -> null);
  }

  /**
   * A loaded set of users and follows, as recorded by {@link #recordLoadedSet}: its users' ids in the loader's
   * order, the ids of further users loaded with it ({@code scaleIds}: the bench's scale authors) and where their
   * followers start among {@code userIds}, and when the load finished.
   */
  public record LoadedSet(String key, long[] userIds, long[] scaleIds, int scaleFollowerOffset, Instant loadedAt) {
  }

  /** The set recorded under this key, if any. */
  public Future<Optional<LoadedSet>> loadedSet(String key) {
    return Cypher.read(driver, context, null, FIND_SET, Map.of("key", key), records -> records.stream().findFirst()
        .map(r -> new LoadedSet(key, longs(r.get("user_ids").asList()), longs(r.get("scale_ids").asList()),
            r.get("scale_follower_offset").asInt(), Instant.ofEpochMilli(r.get("loaded_at").asLong()))));
  }

  /**
   * Records a set under its key, replacing any set recorded under it before (whose users and follows stay in
   * the graph). Call it only once every user and edge of the set is loaded: a set is never partly there.
   */
  public Future<Void> recordLoadedSet(String key, long[] userIds, long[] scaleIds, int scaleFollowerOffset, Instant loadedAt) {
    return Cypher.write(driver, context, null, RECORD_SET, Map.of("key", key, "user_ids", boxed(userIds), "scale_ids", boxed(scaleIds),
        "scale_follower_offset", scaleFollowerOffset, "loaded_at", loadedAt.toEpochMilli()), records -> null);
  }

  private static List<Long> boxed(long[] ids) {
    return Arrays.stream(ids).boxed().toList();
  }

  private static long[] longs(List<Object> values) {
    return values.stream().mapToLong(v -> (Long) v).toArray();
  }
}
