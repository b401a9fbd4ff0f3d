package dev.chirp.store.graph;

import dev.chirp.common.engines.Contexts;
import dev.chirp.common.users.UserRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The follow graph's read adapter, owned by follow-svc (the graph's only writer) and the one place outside
 * follow-svc's writer that knows the graph's shape: {@code (:User {id, handle, handle_key, created_at})} and
 * {@code (:User)-[:FOLLOWS {since}]->(:User)}. Other services read the graph only through this class.
 * Counts come from Neo4j's per-node degree store, so they are exact without counters to keep in step.
 */
public final class FollowGraphReader {
  private static final String PROFILE = " RETURN u.id AS id, u.handle AS handle, u.created_at AS created_at,"
      + " COUNT { (u)<-[:FOLLOWS]-() } AS followers, COUNT { (u)-[:FOLLOWS]->() } AS following";
  private static final String USER_BY_ID = "MATCH (u:User {id: $id})" + PROFILE;
  private static final String USER_BY_HANDLE = "MATCH (u:User {handle_key: $key})" + PROFILE;
  private static final String USER_EXISTS = "MATCH (u:User {id: $id}) RETURN count(u) AS n";
  private static final String FOLLOWS = "RETURN EXISTS { (:User {id: $follower})-[:FOLLOWS]->(:User {id: $followee}) } AS follows";
  private static final String FOLLOWERS_PAGE = "MATCH (:User {id: $id})<-[:FOLLOWS]-(f:User) WHERE f.id > $after"
      + " RETURN f.id AS id, f.handle AS handle ORDER BY f.id LIMIT $limit";
  private static final String FOLLOWING_PAGE = "MATCH (:User {id: $id})-[:FOLLOWS]->(f:User) WHERE f.id > $after"
      + " RETURN f.id AS id, f.handle AS handle ORDER BY f.id LIMIT $limit";
  // One row per page of ids: each Bolt record costs far more than its payload (50k rows took ~300 ms,
  // the same ids in 10 lists ~90 ms).
  private static final String FOLLOWER_ID_PAGES = "MATCH (:User {id: $id})<-[:FOLLOWS]-(f:User) WITH collect(f.id) AS ids"
      + " UNWIND range(0, size(ids) - 1, $page) AS start RETURN ids[start..start + $page] AS page";
  private static final String FOLLOWEE_IDS = "MATCH (:User {id: $id})-[:FOLLOWS]->(f:User) RETURN f.id AS id";
  private static final String USERS_BY_HANDLES = "UNWIND $keys AS key MATCH (u:User {handle_key: key})"
      + " RETURN u.id AS id, u.handle AS handle";

  private final Driver driver;
  private final Context context;
  private final Duration timeout;

  /** Every transaction bounded by {@code timeout} (a 503 past it); null: unbounded (tests and the bench). */
  public FollowGraphReader(Driver driver, Context context, Duration timeout) {
    this.driver = driver;
    this.context = context;
    this.timeout = timeout;
  }

  public FollowGraphReader(Driver driver, Context context) {
    this(driver, context, null);
  }

  /** Handles are case-insensitive: this is the form they are unique in. */
  public static String handleKey(String handle) {
    return handle.toLowerCase(Locale.ROOT);
  }

  public Future<Optional<UserProfile>> user(long id) {
    return profile(USER_BY_ID, Map.of("id", id));
  }

  public Future<Optional<UserProfile>> userByHandle(String handle) {
    return profile(USER_BY_HANDLE, Map.of("key", handleKey(handle)));
  }

  public Future<Boolean> exists(long id) {
    return read(USER_EXISTS, Map.of("id", id), records -> records.get(0).get("n").asLong() > 0);
  }

  /** Whether {@code follower} follows {@code followee} now. */
  public Future<Boolean> follows(long follower, long followee) {
    return read(FOLLOWS, Map.of("follower", follower, "followee", followee), records -> records.get(0).get("follows").asBoolean());
  }

  /** Followers in id order, after {@code afterId} (exclusive); fails with nothing when the user is unknown. */
  public Future<UserPage> followers(long id, long afterId, int limit) {
    return page(FOLLOWERS_PAGE, id, afterId, limit);
  }

  public Future<UserPage> following(long id, long afterId, int limit) {
    return page(FOLLOWING_PAGE, id, afterId, limit);
  }

  /** Existing users among these handles (any case), for resolving @mentions. */
  public Future<List<UserRef>> usersByHandles(List<String> handles) {
    List<String> keys = handles.stream().map(FollowGraphReader::handleKey).distinct().toList();
    return read(USERS_BY_HANDLES, Map.of("keys", keys),
        records -> records.stream().map(r -> new UserRef(r.get("id").asLong(), r.get("handle").asString())).toList());
  }

  public Future<List<Long>> followeeIds(long id) {
    return read(FOLLOWEE_IDS, Map.of("id", id), records -> records.stream().map(r -> r.get("id").asLong()).toList());
  }

  /**
   * Streams the ids of all followers of {@code id} in pages of up to {@code pageSize}, in no particular order.
   * {@code onPage} runs on the caller's context; the next pages arrive from Neo4j while the previous page's
   * future is still running, and each is handed over only once that future completed. Completes with the count.
   */
  public Future<Long> streamFollowerIds(long id, int pageSize, Function<long[], Future<?>> onPage) {
    Context caller = Contexts.caller(context);
    AsyncSession session = driver.session(AsyncSession.class, SessionConfig.builder().withFetchSize(4).build());
    Promise<Long> done = Promise.promise();
    Cypher.bounded(session.runAsync(FOLLOWER_ID_PAGES, Map.of("id", id, "page", (long) pageSize), Cypher.transaction(timeout)), timeout)
        .whenComplete((cursor, error) -> {
          if (error != null) {
            done.fail(Cypher.unavailableOr(error));
          } else {
            new PagePump(caller, cursor, onPage, done, timeout).pump();
          }
        });
    return done.future().eventually(() -> Future.fromCompletionStage(session.closeAsync(), caller));
  }

  /** Hands pages over one after another while the driver fetches ahead; never recurses through completed futures. */
  private static final class PagePump {
    private final Context context;
    private final ResultCursor cursor;
    private final Function<long[], Future<?>> onPage;
    private final Promise<Long> done;
    private Future<?> previousPage = Future.succeededFuture();
    private long total;

    private final Duration timeout;

    PagePump(Context context, ResultCursor cursor, Function<long[], Future<?>> onPage, Promise<Long> done, Duration timeout) {
      this.context = context;
      this.cursor = cursor;
      this.onPage = onPage;
      this.done = done;
      this.timeout = timeout;
    }

    void pump() {
      while (true) {
        CompletableFuture<Record> next = Cypher.bounded(cursor.nextAsync(), timeout);
        if (!next.isDone()) {
          next.whenComplete((record, error) -> {
            if (accept(record, error)) pump();
          });
          return;
        }
        Record record;
        try {
          record = next.join();
        } catch (RuntimeException e) {
          accept(null, e);
          return;
        }
        if (!accept(record, null)) return;
      }
    }

    /** Returns whether to keep reading. */
    private boolean accept(Record record, Throwable error) {
      Future<?> before = previousPage;
      if (error != null || record == null) {
        long count = total;
        context.runOnContext(v -> before.onComplete(prior -> {
          if (error != null) done.tryFail(Cypher.unavailableOr(error));
          else if (prior.failed()) done.tryFail(prior.cause());
          else done.tryComplete(count);
        }));
        return false;
      }
      List<Object> values = record.get(0).asList();
      long[] ids = new long[values.size()];
      for (int i = 0; i < ids.length; i++) ids[i] = (Long) values.get(i);
      total += ids.length;
      Promise<Object> handled = Promise.promise();
      previousPage = handled.future();
      context.runOnContext(v -> before.onComplete(prior -> {
        if (prior.failed()) {
          handled.fail(prior.cause());
          return;
        }
        onPage.apply(ids).onComplete(result -> {
          if (result.succeeded()) handled.complete();
          else handled.fail(result.cause());
        });
      }));
      return true;
    }
  }

  private Future<Optional<UserProfile>> profile(String query, Map<String, Object> params) {
    return read(query, params, records -> records.stream().findFirst().map(r -> new UserProfile(r.get("id").asLong(),
        r.get("handle").asString(), Instant.ofEpochMilli(r.get("created_at").asLong()),
        r.get("followers").asLong(), r.get("following").asLong())));
  }

  private Future<UserPage> page(String query, long id, long afterId, int limit) {
    return read(query, Map.of("id", id, "after", afterId, "limit", (long) limit), records -> {
      List<UserRef> users = new ArrayList<>(records.size());
      for (Record r : records) users.add(new UserRef(r.get("id").asLong(), r.get("handle").asString()));
      Long next = users.size() == limit ? users.get(users.size() - 1).id() : null;
      return new UserPage(users, next);
    });
  }

  private <T> Future<T> read(String query, Map<String, Object> params, Function<List<Record>, T> mapper) {
    return Cypher.read(driver, context, timeout, query, params, mapper);
  }


}
