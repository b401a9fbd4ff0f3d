package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chirp.store.tweets.Cql;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetReader;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static java.util.Map.entry;

/**
 * The tweet store's writer, used by tweet-svc alone (reads go through {@link TweetReader}): tweets,
 * authors' monthly timelines, idempotency keys, and the outbox of events not yet acknowledged by Pulsar.
 * A change and its outbox row are written in one logged batch, so neither exists without the other.
 */
public final class TweetWriter {
  private static final String OUTBOX_COLUMNS = "node_id, second, tweet_id, type, author_id, created_at, mention_ids, claimed_by";
  private static final String OUTBOX_ROW = " WHERE node_id = ? AND second = ? AND tweet_id = ? AND type = ?";
  private static final Map<String, String> STATEMENTS = Map.ofEntries(
      entry("claim_key", "INSERT INTO idempotency_keys (author_id, idempotency_key, tweet_id, text_sha256)"
          + " VALUES (?, ?, ?, ?) IF NOT EXISTS"),
      entry("key_owner", "SELECT tweet_id FROM idempotency_keys WHERE author_id = ? AND idempotency_key = ?"),
      entry("reassign_key", "UPDATE idempotency_keys USING TTL 86400 SET tweet_id = ? WHERE author_id = ? AND idempotency_key = ?"
          + " IF tweet_id = ?"),
      entry("insert_tweet", "INSERT INTO tweets (tweet_id, author_id, author_handle, text, created_at, mention_ids,"
          + " mention_handles) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      entry("insert_user_tweet", "INSERT INTO user_tweets (author_id, month, tweet_id, author_handle, text, created_at,"
          + " mention_ids, mention_handles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      entry("insert_month", "INSERT INTO user_tweet_months (author_id, month) VALUES (?, ?)"),
      entry("insert_mention", "INSERT INTO user_mentions (user_id, month, tweet_id) VALUES (?, ?, ?)"),
      entry("insert_mention_month", "INSERT INTO user_mention_months (user_id, month) VALUES (?, ?)"),
      entry("delete_mention", "DELETE FROM user_mentions WHERE user_id = ? AND month = ? AND tweet_id = ?"),
      entry("mark_deleted", "UPDATE tweets SET deleted = true, text = null, mention_ids = null, mention_handles = null"
          + " WHERE tweet_id = ?"),
      entry("mark_withdrawn", "UPDATE tweets SET deleted = true, withdrawn = true, text = null, mention_ids = null,"
          + " mention_handles = null WHERE tweet_id = ?"),
      entry("record_deletion", "INSERT INTO deleted_tweets (day, tweet_id) VALUES (?, ?)"),
      entry("delete_user_tweet", "DELETE FROM user_tweets WHERE author_id = ? AND month = ? AND tweet_id = ?"),
      entry("insert_event", "INSERT INTO unpublished_events (node_id, second, tweet_id, type, author_id, created_at,"
          + " mention_ids) VALUES (?, ?, ?, ?, ?, ?, ?)"),
      entry("own_event", "UPDATE unpublished_events USING TTL ? SET claimed_by = ?" + OUTBOX_ROW),
      entry("claim_event", "UPDATE unpublished_events USING TTL ? SET claimed_by = ?" + OUTBOX_ROW
          + " IF author_id = ? AND claimed_by = null"),
      entry("release_event", "UPDATE unpublished_events SET claimed_by = null" + OUTBOX_ROW + " IF claimed_by = ?"),
      entry("delete_event", "DELETE FROM unpublished_events" + OUTBOX_ROW),
      entry("delete_claimed_event", "DELETE FROM unpublished_events" + OUTBOX_ROW + " IF claimed_by = ?"),
      entry("tweet_deleted", "SELECT deleted, withdrawn FROM tweets WHERE tweet_id = ?"),
      entry("event", "SELECT " + OUTBOX_COLUMNS + " FROM unpublished_events" + OUTBOX_ROW),
      entry("events_at", "SELECT " + OUTBOX_COLUMNS + " FROM unpublished_events WHERE node_id = ? AND second = ?"),
      entry("init_sweep_cursor", "INSERT INTO outbox_sweeps (node_id, clean_before) VALUES (?, ?) IF NOT EXISTS"),
      entry("save_sweep_cursor", "UPDATE outbox_sweeps SET clean_before = ? WHERE node_id = ?"),
      entry("sweep_heartbeat", "UPDATE outbox_sweeps SET heartbeat = ? WHERE node_id = ?"),
      entry("sweeps", "SELECT node_id, heartbeat FROM outbox_sweeps"),
      entry("adopt_sweep", "UPDATE outbox_sweeps SET heartbeat = ? WHERE node_id = ? IF heartbeat = ?"));

  private final Cql cql;
  private final int claimSeconds;
  /** Per author, a month whose user_tweet_months row is known to be written. */
  private final Cache<Long, Integer> monthsRecorded = Caffeine.newBuilder().maximumSize(100_000).build();

  public TweetWriter(Future<CqlSession> session, Context context, int claimSeconds) {
    this.cql = new Cql(session, context, STATEMENTS);
    this.claimSeconds = claimSeconds;
  }

  /** Completes once Cassandra answered and the statements are prepared (until then every call is a 503). */
  public Future<Void> ready() {
    return cql.ready();
  }

  /** The tweet an author's key already names, or empty when this call claimed the key for {@code tweetId}. */
  public Future<Optional<KeyOwner>> claimKey(long authorId, String key, long tweetId, byte[] textSha256) {
    return cql.execute("claim_key", authorId, key, tweetId, ByteBuffer.wrap(textSha256)).map(rows -> {
      Row row = rows.one();
      if (row.getBoolean("[applied]")) return Optional.empty();
      ByteBuffer sha = row.getByteBuffer("text_sha256");
      byte[] existing = new byte[sha.remaining()];
      sha.duplicate().get(existing);
      return Optional.of(new KeyOwner(row.getLong("tweet_id"), existing));
    });
  }

  /** The tweet id the author's key names now, if the key is known. */
  public Future<Optional<Long>> keyOwner(long authorId, String key) {
    return cql.execute("key_owner", authorId, key).map(rows -> Optional.ofNullable(rows.one()).map(row -> row.getLong("tweet_id")));
  }

  /** Points the key at a new tweet id, if it still names {@code fromTweetId}; whether it did. */
  public Future<Boolean> reassignKey(long authorId, String key, long fromTweetId, long toTweetId) {
    return cql.execute("reassign_key", toTweetId, authorId, key, fromTweetId).map(AsyncResultSet::wasApplied);
  }

  public record KeyOwner(long tweetId, byte[] textSha256) {
  }

  /** Stores the tweet and its outbox row, owned by {@code event.claimedBy()}, atomically. */
  public Future<Void> insert(Tweet tweet, UnpublishedEvent event) {
    return logged(() -> withOutboxRow(event, tweetRows(tweet))).onSuccess(v -> monthRecorded(tweet));
  }

  private BatchableStatement<?>[] tweetRows(Tweet tweet) {
    List<Long> mentionIds = tweet.mentionIds();
    List<String> mentionHandles = tweet.mentions().stream().map(UserRef::handle).toList();
    int month = TweetReader.monthOf(tweet.id());
    List<BatchableStatement<?>> rows = new ArrayList<>();
    rows.add(cql.statement("insert_tweet").bind(tweet.id(), tweet.authorId(), tweet.authorHandle(), tweet.text(),
        tweet.createdAt(), mentionIds, mentionHandles));
    rows.add(cql.statement("insert_user_tweet").bind(tweet.authorId(), month, tweet.id(), tweet.authorHandle(), tweet.text(),
        tweet.createdAt(), mentionIds, mentionHandles));
    // The author's month row only needs writing once, not with every tweet.
    if (!Integer.valueOf(month).equals(monthsRecorded.getIfPresent(tweet.authorId()))) {
      rows.add(cql.statement("insert_month").bind(tweet.authorId(), month));
    }
    for (Long mentioned : mentionIds) {
      rows.add(cql.statement("insert_mention").bind(mentioned, month, tweet.id()));
      rows.add(cql.statement("insert_mention_month").bind(mentioned, month));
    }
    return rows.toArray(BatchableStatement<?>[]::new);
  }

  private void monthRecorded(Tweet tweet) {
    monthsRecorded.put(tweet.authorId(), TweetReader.monthOf(tweet.id()));
  }

  /** Stores a tweet without announcing it: {@link TweetImporter}'s, never for posting. */
  Future<Void> importTweet(Tweet tweet) {
    return logged(() -> tweetRows(tweet)).onSuccess(v -> monthRecorded(tweet));
  }

  /** Marks the tweet deleted, drops it from its author's and mentioned users' lists and stores the outbox row, atomically. */
  public Future<Void> markDeleted(Tweet tweet, UnpublishedEvent event) {
    return logged(() -> withOutboxRow(event, removal(tweet, "mark_deleted").toArray(BatchableStatement<?>[]::new)));
  }

  /**
   * Takes back a stored tweet whose created event was never acknowledged: marks it deleted and withdrawn, drops it
   * from every list as a deletion does (and records it among the deleted, in case the broker did take the event), and
   * removes its outbox row {@code event}, atomically; nothing will publish it, no read shows it. The row is deleted
   * without a condition (a batch over several partitions cannot hold one): if a sweeper claimed it meanwhile (the
   * owner's claim ran out), that sweeper may still publish the event, and the tweet's deletion record hides it anyway.
   */
  public Future<Void> withdraw(Tweet tweet, UnpublishedEvent event) {
    return logged(() -> {
      List<BatchableStatement<?>> changes = removal(tweet, "mark_withdrawn");
      changes.add(cql.statement("delete_event").bind(event.nodeId(), event.second(), event.tweetId(), event.type()));
      return changes.toArray(BatchableStatement<?>[]::new);
    });
  }

  private List<BatchableStatement<?>> removal(Tweet tweet, String mark) {
    int month = TweetReader.monthOf(tweet.id());
    List<BatchableStatement<?>> changes = new ArrayList<>();
    changes.add(cql.statement(mark).bind(tweet.id()));
    changes.add(cql.statement("record_deletion").bind(TweetReader.dayOf(tweet.id()), tweet.id()));
    changes.add(cql.statement("delete_user_tweet").bind(tweet.authorId(), month, tweet.id()));
    for (Long mentioned : tweet.mentionIds()) changes.add(cql.statement("delete_mention").bind(mentioned, month, tweet.id()));
    return changes;
  }

  private BatchableStatement<?>[] withOutboxRow(UnpublishedEvent event, BatchableStatement<?>... changes) {
    BatchableStatement<?>[] all = Arrays.copyOf(changes, changes.length + 2);
    all[changes.length] = cql.statement("insert_event").bind(event.nodeId(), event.second(), event.tweetId(), event.type(),
        event.authorId(), event.createdAt(), event.mentionIds());
    all[changes.length + 1] = cql.statement("own_event").bind(claimSeconds, event.claimedBy(), event.nodeId(),
        event.second(), event.tweetId(), event.type());
    return all;
  }

  /** One logged batch: all of it is applied or none. */
  private Future<Void> logged(Supplier<BatchableStatement<?>[]> statements) {
    try {
      return cql.execute(BatchStatement.newInstance(DefaultBatchType.LOGGED, statements.get())).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Whether a stored tweet was taken away since, and how (the read adapter shows both as absent). */
  public enum Removal {
    /** Stored and not removed, or never stored. */
    NONE,
    /** Posted, then deleted by its author. */
    DELETED,
    /** Its post failed after the write ({@link #withdraw}): as if never posted. */
    WITHDRAWN
  }

  public Future<Removal> removal(long tweetId) {
    return cql.execute("tweet_deleted", tweetId).map(rows -> {
      Row row = rows.one();
      if (row == null || !row.getBoolean("deleted")) return Removal.NONE;
      return row.getBoolean("withdrawn") ? Removal.WITHDRAWN : Removal.DELETED;
    });
  }

  public Future<Optional<UnpublishedEvent>> event(int nodeId, long second, long tweetId, String type) {
    return cql.execute("event", nodeId, second, tweetId, type).map(rows -> Optional.ofNullable(rows.one()).map(TweetWriter::eventOf));
  }

  public Future<List<UnpublishedEvent>> eventsAt(int nodeId, long second) {
    return cql.execute("events_at", nodeId, second).map(rows -> {
      List<UnpublishedEvent> events = new ArrayList<>();
      rows.currentPage().forEach(row -> events.add(eventOf(row)));
      return events;
    });
  }

  /** Whether this caller now owns publishing the event (nobody else did, and it is still unpublished). */
  public Future<Boolean> claim(UnpublishedEvent event, UUID claim) {
    return cql.execute("claim_event", claimSeconds, claim, event.nodeId(), event.second(), event.tweetId(), event.type(),
        event.authorId()).map(AsyncResultSet::wasApplied);
  }

  public Future<Void> release(UnpublishedEvent event) {
    return cql.execute("release_event", event.nodeId(), event.second(), event.tweetId(), event.type(), event.claimedBy())
        .mapEmpty();
  }

  /**
   * Moves an outbox row to {@code second} (of the same node), unclaimed: for a row given back where the sweeper may
   * have read already. The new row is written first; if removing the old one then fails, both are published, and
   * consumers apply a duplicate idempotently. {@code claimedByTransaction} as for {@link #published}.
   */
  public Future<Void> refile(UnpublishedEvent event, long second, boolean claimedByTransaction) {
    return cql.execute("insert_event", event.nodeId(), second, event.tweetId(), event.type(), event.authorId(),
        event.createdAt(), event.mentionIds()).compose(v -> published(event, claimedByTransaction));
  }

  /** Pulsar acknowledged the event. {@code claimedByTransaction}: the owner's claim came from {@link #claim}. */
  public Future<Void> published(UnpublishedEvent event, boolean claimedByTransaction) {
    // Rows a lightweight transaction touched carry its timestamp; only another one reliably deletes them.
    return (claimedByTransaction
        ? cql.execute("delete_claimed_event", event.nodeId(), event.second(), event.tweetId(), event.type(), event.claimedBy())
        : cql.execute("delete_event", event.nodeId(), event.second(), event.tweetId(), event.type())).mapEmpty();
  }

  /** Sets the node's sweep cursor unless it has one; completes with the cursor in force. */
  public Future<Long> initSweepCursor(int nodeId, long cleanBefore) {
    return cql.execute("init_sweep_cursor", nodeId, cleanBefore).map(rows -> {
      Row row = rows.one();
      return row.getBoolean("[applied]") ? cleanBefore : row.getLong("clean_before");
    });
  }

  public Future<Void> saveSweepCursor(int nodeId, long cleanBefore) {
    return cql.execute("save_sweep_cursor", cleanBefore, nodeId).mapEmpty();
  }

  /** The node's sweeper is alive: written on every sweep. */
  public Future<Void> sweepHeartbeat(int nodeId, Instant at) {
    return cql.execute("sweep_heartbeat", at, nodeId).mapEmpty();
  }

  /** A node whose outbox is swept, and when its sweeper last beat (null: never, or before beats were recorded). */
  public record NodeSweep(int nodeId, Instant lastBeat) {
  }

  public Future<List<NodeSweep>> sweeps() {
    return cql.execute("sweeps").map(rows -> {
      List<NodeSweep> sweeps = new ArrayList<>();
      rows.currentPage().forEach(row -> sweeps.add(new NodeSweep(row.getInt("node_id"), row.getInstant("heartbeat"))));
      return sweeps;
    });
  }

  /** Takes over the node's outbox if nobody beat for it since {@code lastBeat} (a lightweight transaction); whether it did. */
  public Future<Boolean> adoptSweep(int nodeId, Instant lastBeat, Instant now) {
    return cql.execute("adopt_sweep", now, nodeId, lastBeat).map(AsyncResultSet::wasApplied);
  }

  private static UnpublishedEvent eventOf(Row row) {
    return new UnpublishedEvent(row.getInt("node_id"), row.getLong("second"), row.getLong("tweet_id"), row.getString("type"),
        row.getLong("author_id"), row.getInstant("created_at"), row.getList("mention_ids", Long.class), row.getUuid("claimed_by"));
  }
}
