package dev.chirp.timeline;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetPage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HomeTimeline} against in-memory stores: every future completes at once unless a test holds it. */
class HomeTimelineTest {
  private static final long READER = 1;
  private static final long ALICE = 2;
  private static final long BOB = 3;
  private static final long STRANGER = 4;
  private static final long CELEBRITY = 5;
  private static final Duration ACTIVE_FOR = Duration.ofDays(30);
  private static final Duration LONGER_THAN_ANY_TEST = Duration.ofHours(1);

  private final CachedTimelinesInMemory timelines = new CachedTimelinesInMemory();
  private final TweetsInMemory tweets = new TweetsInMemory();
  private final FollowGraphInMemory graph = new FollowGraphInMemory();
  /** The ids of each hydration batch, in order. */
  private final List<List<Long>> hydrated = new ArrayList<>();

  @Test
  void aCachedPageIsServedNewestFirstLimitedWithTheMaxIdOfTheNextPage() {
    graph.follow(READER, ALICE);
    for (long id = 101; id <= 105; id++) tweets.post(id, ALICE);
    timelines.cache(READER, 105, 104, 103, 102, 101);
    HomeTimeline home = homeTimeline(800);

    TweetPage first = page(home, Long.MAX_VALUE, 2);
    assertThat(first.tweets()).containsExactly(tweets.get(105), tweets.get(104));
    assertThat(first.nextMaxId()).isEqualTo(104L);
    assertThat(ids(page(home, 104, 2))).containsExactly(103L, 102L);
    TweetPage last = page(home, 102, 2);
    assertThat(ids(last)).containsExactly(101L);
    assertThat(last.nextMaxId()).isNull();
    assertThat(timelines.rebuilds).isEmpty();
  }

  @Test
  void deletedTweetsAreSkippedAndThePageFillsFromTheSpareIds() {
    graph.follow(READER, ALICE);
    for (long id = 101; id <= 110; id++) if (id != 110 && id != 108) tweets.post(id, ALICE);
    timelines.cache(READER, 110, 109, 108, 107, 106, 105, 104, 103, 102, 101);

    TweetPage page = page(homeTimeline(800), Long.MAX_VALUE, 3);
    assertThat(ids(page)).containsExactly(109L, 107L, 106L);
    assertThat(page.nextMaxId()).isEqualTo(106L);
    // A few deleted tweets cost no second round: the first batch held spare ids.
    assertThat(hydrated).hasSize(1);
  }

  @Test
  void moreDeletedTweetsThanAPageReadsAheadSendTheReadOnToTheNextSlice() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    // Twelve ids of deleted tweets: more than a page of one reads ahead.
    timelines.cache(READER, 130, 129, 128, 127, 126, 125, 124, 123, 122, 121, 120, 119, 101);

    assertThat(ids(page(homeTimeline(800), Long.MAX_VALUE, 1))).containsExactly(101L);
  }

  @Test
  void followedCelebritiesRecentTweetsAreMergedInOrderWithoutDuplicates() {
    graph.follow(READER, ALICE, CELEBRITY);
    tweets.post(101, ALICE);
    tweets.post(102, CELEBRITY);
    tweets.post(103, ALICE);
    tweets.post(104, CELEBRITY);
    tweets.post(105, STRANGER);
    // 102 was fanned out before its author became a celebrity; 104 was not.
    timelines.cache(READER, 103, 102, 101);
    timelines.celebrities.put(CELEBRITY, 104L);
    timelines.celebrities.put(STRANGER, 105L);
    HomeTimeline home = homeTimeline(800);

    assertThat(ids(page(home, Long.MAX_VALUE, 20))).containsExactly(104L, 103L, 102L, 101L);
    assertThat(allPages(home, 1)).containsExactly(104L, 103L, 102L, 101L);
    // Everyone else's tweets reach the timeline through the fan-out: a page reads no other author's.
    assertThat(tweets.recentTweetReads).containsOnly(CELEBRITY);
  }

  @Test
  void aCelebritysOlderTweetWaitsForTheSliceItBelongsTo() {
    graph.follow(READER, ALICE, CELEBRITY);
    tweets.post(100, CELEBRITY);
    tweets.post(192, ALICE);
    tweets.post(193, ALICE);
    // The first slice a page of one reads (seven ids) holds only deleted tweets, so the page needs the next.
    timelines.cache(READER, 200, 199, 198, 197, 196, 195, 194, 193, 192);
    timelines.celebrities.put(CELEBRITY, 100L);
    HomeTimeline home = homeTimeline(800);

    assertThat(ids(page(home, Long.MAX_VALUE, 1))).containsExactly(193L);
    assertThat(allPages(home, 1)).containsExactly(193L, 192L, 100L);
  }

  @Test
  void aMissingTimelineIsRebuiltFromFolloweesOwnTweetsAndMentionsNewestFirstCappedAndWrittenBack() {
    graph.follow(READER, ALICE, BOB);
    tweets.post(101, ALICE);
    tweets.post(102, BOB);
    tweets.post(103, STRANGER);
    tweets.post(104, READER);
    tweets.post(105, ALICE);
    tweets.post(106, BOB);
    tweets.post(107, STRANGER, READER);
    tweets.post(108, STRANGER, BOB);

    TweetPage page = page(homeTimeline(4), Long.MAX_VALUE, 4);

    assertThat(ids(page)).containsExactly(107L, 106L, 105L, 104L);
    assertThat(timelines.rebuilds).containsExactly(new Written(READER, List.of(107L, 106L, 105L, 104L), ACTIVE_FOR));
    assertThat(timelines.ids(READER)).containsExactly(107L, 106L, 105L, 104L);
  }

  @Test
  void concurrentReadsOfAMissingTimelineShareOneRebuild() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(102, ALICE);
    HomeTimeline home = homeTimeline(800);
    Promise<Void> graphAnswers = graph.holdAnswers();

    Future<TweetPage> first = home.page(READER, Long.MAX_VALUE, 20);
    Future<TweetPage> second = home.page(READER, Long.MAX_VALUE, 1);
    assertThat(first.isComplete() || second.isComplete()).isFalse();
    graphAnswers.complete();

    assertThat(ids(first.result())).containsExactly(102L, 101L);
    assertThat(ids(second.result())).containsExactly(102L);
    assertThat(graph.reads).isEqualTo(1);
    assertThat(timelines.rebuilds).hasSize(1);

    // The shared rebuild ended with its reads: a timeline missing again is rebuilt again.
    timelines.lose(READER);
    page(home, Long.MAX_VALUE, 20);
    assertThat(timelines.rebuilds).hasSize(2);
  }

  @Test
  void aStaleTimelineIsRebuiltToWhatTheStoresSayAndThenServedFromTheCache() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(102, ALICE);
    tweets.post(103, BOB);
    // Restored from an older snapshot: it misses 102 and still holds 103 (its author was unfollowed later).
    timelines.cache(READER, 103, 101);
    timelines.restoredFromAnOlderSnapshot(READER);
    HomeTimeline home = homeTimeline(800);

    assertThat(ids(page(home, Long.MAX_VALUE, 20))).containsExactly(102L, 101L);
    assertThat(timelines.ids(READER)).containsExactly(102L, 101L);
    assertThat(ids(page(home, Long.MAX_VALUE, 20))).containsExactly(102L, 101L);
    assertThat(timelines.rebuilds).hasSize(1);
  }

  @Test
  void whatTheFanOutDeliversWhileARebuildReadsTheStoresIsServedAndKept() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(102, BOB);
    HomeTimeline home = homeTimeline(800);
    Promise<Void> graphAnswers = graph.holdAnswers();

    Future<TweetPage> page = home.page(READER, Long.MAX_VALUE, 20);
    // The rebuild has begun (the timeline exists) and waits for the graph: the reader follows Bob meanwhile, and
    // the follow's merge delivers his tweet.
    timelines.push(READER, 102);
    graphAnswers.complete();

    assertThat(ids(page.result())).containsExactly(102L, 101L);
    assertThat(timelines.ids(READER)).containsExactly(102L, 101L);
  }

  @Test
  void whileRedisRefusesWritesAMissingTimelineIsServedFromTheStoresWithoutBeingKept() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(102, ALICE);
    timelines.writeFailure = ApiException.unavailable("redis", new IllegalStateException("NOREPLICAS Not enough good replicas to write."));

    assertThat(ids(page(homeTimeline(4), Long.MAX_VALUE, 4))).containsExactly(102L, 101L);
    assertThat(timelines.ids(READER)).isNull();
    assertThat(timelines.rebuilds).isEmpty();
  }

  @Test
  void aRedisThatCannotServeAtAllFailsTheRebuild() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    timelines.writeFailure = ApiException.unavailable("redis", new IllegalStateException("LOADING Redis is loading the dataset in memory"));

    Future<TweetPage> page = homeTimeline(4).page(READER, Long.MAX_VALUE, 4);
    assertThat(page.cause()).isSameAs(timelines.writeFailure);
  }

  @Test
  void aRebuildReadsWhomTheUserFollowsNowNotWhomACelebrityMergeCached() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(102, BOB);
    timelines.cache(READER, 101);
    // Any celebrity makes a page look up (and cache) whom the reader follows.
    timelines.celebrities.put(STRANGER, 103L);
    HomeTimeline home = homeTimeline(800);
    assertThat(ids(page(home, Long.MAX_VALUE, 20))).containsExactly(101L);

    graph.follow(READER, BOB);
    timelines.lose(READER);

    assertThat(ids(page(home, Long.MAX_VALUE, 20))).containsExactly(102L, 101L);
  }

  @Test
  void pagingPastAFullCachedTimelineContinuesWithTheAuthorsTweetsAndTheMentions() {
    graph.follow(READER, ALICE);
    tweets.post(100, READER);
    tweets.post(101, ALICE);
    tweets.post(102, ALICE, READER);
    tweets.post(103, STRANGER, READER);
    tweets.post(104, STRANGER);
    for (long id = 105; id <= 109; id++) tweets.post(id, ALICE);
    timelines.cache(READER, 109, 108, 107, 106);

    assertThat(allPages(homeTimeline(4), 3)).containsExactly(109L, 108L, 107L, 106L, 105L, 103L, 102L, 101L, 100L);
  }

  @Test
  void aCachedTimelineShorterThanTheCapIsAllThereIs() {
    graph.follow(READER, ALICE);
    tweets.post(101, ALICE);
    tweets.post(108, ALICE);
    tweets.post(109, ALICE);
    timelines.cache(READER, 109, 108);

    TweetPage page = page(homeTimeline(4), Long.MAX_VALUE, 20);
    assertThat(ids(page)).containsExactly(109L, 108L);
    assertThat(page.nextMaxId()).isNull();
  }

  private HomeTimeline homeTimeline(int cap) {
    HomeTimeline.Hydration hydration = ids -> {
      hydrated.add(List.copyOf(ids));
      return tweets.tweets(ids);
    };
    return new HomeTimeline(timelines, new TimelineMembership(cap), tweets, hydration, graph, ACTIVE_FOR,
        LONGER_THAN_ANY_TEST, LONGER_THAN_ANY_TEST, new SimpleMeterRegistry());
  }

  private static TweetPage page(HomeTimeline home, long maxId, int limit) {
    Future<TweetPage> page = home.page(READER, maxId, limit);
    assertThat(page.cause()).isNull();
    assertThat(page.isComplete()).isTrue();
    return page.result();
  }

  private static List<Long> ids(TweetPage page) {
    return page.tweets().stream().map(Tweet::id).toList();
  }

  /** Every page from the newest on, as a client pages with next_max_id. */
  private static List<Long> allPages(HomeTimeline home, int limit) {
    List<Long> seen = new ArrayList<>();
    Long maxId = Long.MAX_VALUE;
    for (int pages = 0; maxId != null; pages++) {
      assertThat(pages).as("pages read").isLessThan(100);
      TweetPage page = page(home, maxId, limit);
      seen.addAll(ids(page));
      maxId = page.nextMaxId();
    }
    return seen;
  }

  /** A rebuild written: the stores' ids it was finished with, and how long the timeline is kept. */
  private record Written(long userId, List<Long> ids, Duration ttl) {
  }

  /**
   * The Redis timelines: each user's ids newest first, which of them are stale (may miss writes), the celebrities
   * hash, and the rebuilds written. A rebuild behaves as the scripts do: begun, the timeline exists (emptied if
   * stale) and takes pushes; finished, it holds the stores' ids and those pushes, and is complete.
   */
  private static final class CachedTimelinesInMemory implements HomeTimeline.CachedTimelines {
    final Map<Long, Long> celebrities = new HashMap<>();
    final List<Written> rebuilds = new ArrayList<>();
    private final Map<Long, List<Long>> byUser = new HashMap<>();
    private final Set<Long> stale = new HashSet<>();
    private final Map<Long, Duration> keptFor = new HashMap<>();
    /** What Redis answers to a write when it cannot take one; null while it takes them. */
    RuntimeException writeFailure;

    void cache(long userId, long... newestFirst) {
      byUser.put(userId, Arrays.stream(newestFirst).boxed().toList());
    }

    void lose(long userId) {
      byUser.remove(userId);
    }

    /** Redis restarted from a snapshot taken before later writes: the timeline may miss them. */
    void restoredFromAnOlderSnapshot(long userId) {
      stale.add(userId);
    }

    /** The fan-out pushes an id: it reaches the timeline if there is one. */
    void push(long userId, long id) {
      List<Long> ids = byUser.get(userId);
      if (ids != null) byUser.put(userId, newestFirst(ids, List.of(id)));
    }

    List<Long> ids(long userId) {
      return byUser.get(userId);
    }

    @Override
    public Future<TimelineReader.Read> read(long userId, long maxIdExclusive, int count, Duration ttl) {
      List<Long> all = byUser.get(userId);
      if (all == null) return Future.succeededFuture(new TimelineReader.Read(TimelineReader.State.MISSING, null));
      if (stale.contains(userId)) return Future.succeededFuture(new TimelineReader.Read(TimelineReader.State.STALE, null));
      List<Long> below = all.stream().filter(id -> id < maxIdExclusive).limit(count).toList();
      return Future.succeededFuture(new TimelineReader.Read(TimelineReader.State.FRESH, new TimelineReader.Slice(below, all.size())));
    }

    @Override
    public Future<Map<Long, Long>> celebrities() {
      return Future.succeededFuture(Map.copyOf(celebrities));
    }

    @Override
    public Future<TimelineWriter.Rebuild> beginRebuild(long userId, Duration ttl) {
      if (writeFailure != null) return Future.failedFuture(writeFailure);
      if (stale.contains(userId) || !byUser.containsKey(userId)) byUser.put(userId, List.of());
      stale.add(userId);
      keptFor.put(userId, ttl);
      return Future.succeededFuture(new TimelineWriter.Rebuild(userId, "rebuild"));
    }

    @Override
    public Future<List<Long>> finishRebuild(TimelineWriter.Rebuild rebuild, List<Long> ids) {
      long userId = rebuild.userId();
      rebuilds.add(new Written(userId, List.copyOf(ids), keptFor.get(userId)));
      byUser.put(userId, newestFirst(byUser.get(userId), ids));
      stale.remove(userId);
      return Future.succeededFuture(byUser.get(userId));
    }

    private static List<Long> newestFirst(List<Long> a, List<Long> b) {
      TreeSet<Long> all = new TreeSet<>(Comparator.reverseOrder());
      all.addAll(a);
      all.addAll(b);
      return List.copyOf(all);
    }
  }

  /** The tweet store: tweets that exist and are not deleted; one that is not here was deleted (or never stored). */
  private static final class TweetsInMemory implements HomeTimeline.TweetStore {
    /** The author of each recent-tweets read, in order. */
    final List<Long> recentTweetReads = new ArrayList<>();
    private final Map<Long, Tweet> byId = new HashMap<>();

    void post(long id, long authorId, long... mentioned) {
      List<UserRef> mentions = Arrays.stream(mentioned).mapToObj(user -> new UserRef(user, "user" + user)).toList();
      byId.put(id, new Tweet(id, authorId, "user" + authorId, "tweet " + id, Instant.ofEpochSecond(id), mentions));
    }

    Tweet get(long id) {
      return byId.get(id);
    }

    private List<Tweet> newestFirst(Predicate<Tweet> which, long maxIdExclusive) {
      return byId.values().stream().filter(which).filter(t -> t.id() < maxIdExclusive)
          .sorted(Comparator.comparingLong(Tweet::id).reversed()).toList();
    }

    @Override
    public Future<List<Long>> recentTweetIds(long authorId, int limit) {
      recentTweetReads.add(authorId);
      return Future.succeededFuture(newestFirst(t -> t.authorId() == authorId, Long.MAX_VALUE).stream()
          .limit(limit).map(Tweet::id).toList());
    }

    @Override
    public Future<List<Long>> mentionIds(long userId, long maxIdExclusive, int limit) {
      return Future.succeededFuture(newestFirst(t -> t.mentionIds().contains(userId), maxIdExclusive).stream()
          .limit(limit).map(Tweet::id).toList());
    }

    @Override
    public Future<TweetPage> authorTweets(long authorId, long maxIdExclusive, int limit) {
      List<Tweet> older = newestFirst(t -> t.authorId() == authorId, maxIdExclusive);
      return Future.succeededFuture(older.size() > limit
          ? new TweetPage(older.subList(0, limit), older.get(limit - 1).id())
          : new TweetPage(older, null));
    }

    @Override
    public Future<Map<Long, Tweet>> tweets(Collection<Long> ids) {
      Map<Long, Tweet> found = new HashMap<>();
      for (Long id : ids) if (byId.containsKey(id)) found.put(id, byId.get(id));
      return Future.succeededFuture(found);
    }
  }

  /** Whom each user follows; its answers can be held back to keep a rebuild in flight. */
  private static final class FollowGraphInMemory implements HomeTimeline.FollowGraph {
    int reads;
    private final Map<Long, List<Long>> followees = new HashMap<>();
    private Promise<Void> answers;

    void follow(long follower, long... followed) {
      List<Long> ids = new ArrayList<>(followees.getOrDefault(follower, List.of()));
      Arrays.stream(followed).forEach(ids::add);
      followees.put(follower, ids);
    }

    /** Answers wait until the returned promise completes. */
    Promise<Void> holdAnswers() {
      answers = Promise.promise();
      return answers;
    }

    @Override
    public Future<List<Long>> followeeIds(long userId) {
      reads++;
      List<Long> ids = List.copyOf(followees.getOrDefault(userId, List.of()));
      return answers == null ? Future.succeededFuture(ids) : answers.future().map(ids);
    }
  }
}
