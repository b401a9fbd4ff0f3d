package dev.chirp.store.tweets;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.store.tweets.Cql;
import dev.chirp.common.users.UserRef;
import dev.chirp.common.id.SnowflakeIds;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The tweet store's read adapter, owned by tweet-svc (the store's only writer) and the one place outside
 * tweet-svc's writer that knows the Cassandra schema ({@code schema/cassandra/}): tweets by id, and each
 * author's tweets and the tweets mentioning each user in monthly partitions, newest first. Other services read
 * tweets only through this class.
 */
public final class TweetReader {
  private static final String COLUMNS = "tweet_id, author_id, author_handle, text, created_at, mention_ids, mention_handles";
  private static final Map<String, String> QUERIES = Map.of(
      "tweet", "SELECT " + COLUMNS + ", deleted FROM tweets WHERE tweet_id = ?",
      "tweets", "SELECT " + COLUMNS + ", deleted FROM tweets WHERE tweet_id IN ?",
      "deleted", "SELECT tweet_id FROM deleted_tweets WHERE day = ? AND tweet_id IN ?",
      "months", "SELECT month FROM user_tweet_months WHERE author_id = ? AND month <= ?",
      "author_page", "SELECT " + COLUMNS + " FROM user_tweets WHERE author_id = ? AND month = ? AND tweet_id < ? LIMIT ?",
      "author_ids", "SELECT tweet_id FROM user_tweets WHERE author_id = ? AND month = ? AND tweet_id < ? LIMIT ?",
      "mention_months", "SELECT month FROM user_mention_months WHERE user_id = ? AND month <= ?",
      "mention_ids", "SELECT tweet_id FROM user_mentions WHERE user_id = ? AND month = ? AND tweet_id < ? LIMIT ?");

  private final Cql cql;

  public TweetReader(Future<CqlSession> session, Context context) {
    this.cql = new Cql(session, context, QUERIES);
  }

  /** The partition month of a tweet: its id's time as the number yyyymm, UTC. */
  public static int monthOf(long tweetId) {
    ZonedDateTime time = SnowflakeIds.timeOf(tweetId).atZone(ZoneOffset.UTC);
    return time.getYear() * 100 + time.getMonthValue();
  }

  /** The day of a tweet's deletion record: its id's time as the number yyyymmdd, UTC. */
  public static int dayOf(long tweetId) {
    ZonedDateTime time = SnowflakeIds.timeOf(tweetId).atZone(ZoneOffset.UTC);
    return (time.getYear() * 100 + time.getMonthValue()) * 100 + time.getDayOfMonth();
  }

  /** The tweet, unless it does not exist or was deleted. */
  public Future<Optional<Tweet>> tweet(long id) {
    return cql.execute("tweet", id).map(rows -> Optional.ofNullable(rows.one())
        .filter(TweetReader::visible).map(TweetReader::tweetOf));
  }

  /**
   * The tweets among {@code ids} that exist and are not deleted, in one request: Cassandra's coordinator reads
   * the partitions in parallel, which costs the node far less than a request per tweet.
   */
  public Future<Map<Long, Tweet>> tweets(Collection<Long> ids) {
    List<Long> distinct = ids.stream().distinct().toList();
    if (distinct.isEmpty()) return Future.succeededFuture(Map.of());
    return cql.execute("tweets", distinct).map(rows -> {
      Map<Long, Tweet> found = new HashMap<>();
      for (Row row : rows.currentPage()) {
        if (visible(row)) found.put(row.getLong("tweet_id"), tweetOf(row));
      }
      return found;
    });
  }

  /** Which of {@code ids} were deleted: one read per day the ids were posted on, not one per tweet. */
  public Future<Set<Long>> deletedAmong(Collection<Long> ids) {
    Map<Integer, List<Long>> byDay = new HashMap<>();
    for (Long id : ids) byDay.computeIfAbsent(dayOf(id), day -> new ArrayList<>()).add(id);
    List<Future<AsyncResultSet>> reads = new ArrayList<>(byDay.size());
    byDay.forEach((day, dayIds) -> reads.add(cql.execute("deleted", day, dayIds)));
    return Future.all(reads).map(v -> {
      Set<Long> deleted = new HashSet<>();
      reads.forEach(read -> read.result().currentPage().forEach(row -> deleted.add(idOf(row))));
      return deleted;
    });
  }

  /** Up to {@code limit} of the author's tweets with ids below {@code maxIdExclusive}, newest first, across months. */
  public Future<TweetPage> authorTweets(long authorId, long maxIdExclusive, int limit) {
    // One more than asked: whether it exists tells if there is a next page.
    return newestFirst("months", authorId, maxIdExclusive, limit + 1, "author_page", TweetReader::tweetOf)
        .map(tweets -> tweets.size() > limit
            ? new TweetPage(tweets.subList(0, limit), tweets.get(limit - 1).id())
            : new TweetPage(tweets, null));
  }

  /** The ids of the author's newest {@code limit} tweets, newest first (no text read: for rebuilding timelines). */
  public Future<List<Long>> recentTweetIds(long authorId, int limit) {
    return newestFirst("months", authorId, Long.MAX_VALUE, limit, "author_ids", TweetReader::idOf);
  }

  /** The ids of up to {@code limit} tweets mentioning the user with ids below {@code maxIdExclusive}, newest first. */
  public Future<List<Long>> mentionIds(long userId, long maxIdExclusive, int limit) {
    return newestFirst("mention_months", userId, maxIdExclusive, limit, "mention_ids", TweetReader::idOf);
  }

  private static long idOf(Row row) {
    return row.getLong("tweet_id");
  }

  /** Rows of {@code query} from the user's {@code monthsQuery} months, newest month first, until {@code wanted} were read. */
  private <T> Future<List<T>> newestFirst(String monthsQuery, long authorId, long maxIdExclusive, int wanted, String query,
                                          Function<Row, T> mapper) {
    return cql.execute(monthsQuery, authorId, monthOf(maxIdExclusive - 1)).compose(rows -> {
      List<Integer> months = new ArrayList<>();
      rows.currentPage().forEach(row -> months.add(row.getInt("month")));
      return collect(authorId, months, 0, maxIdExclusive, wanted, query, mapper, new ArrayList<>());
    });
  }

  private <T> Future<List<T>> collect(long authorId, List<Integer> months, int index, long below, int wanted, String query,
                                      Function<Row, T> mapper, List<T> into) {
    if (index == months.size() || into.size() >= wanted) return Future.succeededFuture(into);
    return cql.execute(query, authorId, months.get(index), below, wanted - into.size()).compose(rows -> {
      rows.currentPage().forEach(row -> into.add(mapper.apply(row)));
      return collect(authorId, months, index + 1, below, wanted, query, mapper, into);
    });
  }

  /** Deleted tweets keep their row (without text) but are never shown. */
  private static boolean visible(Row row) {
    return !row.getBoolean("deleted") && row.getString("text") != null;
  }

  private static Tweet tweetOf(Row row) {
    List<Long> ids = row.getList("mention_ids", Long.class);
    List<String> handles = row.getList("mention_handles", String.class);
    List<UserRef> mentions = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size() && i < handles.size(); i++) mentions.add(new UserRef(ids.get(i), handles.get(i)));
    return new Tweet(row.getLong("tweet_id"), row.getLong("author_id"), row.getString("author_handle"),
        row.getString("text"), row.getInstant("created_at"), mentions);
  }
}
