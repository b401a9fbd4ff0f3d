package dev.chirp.timeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetPage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A user's home timeline page: the cached ids (rebuilt from the follow graph and the tweet store when the user
 * has none or it may miss writes), merged with the recent tweets of followed celebrities (whose tweets are not
 * fanned out), newest first, without duplicates, hydrated from the tweet cache in one batch; deleted tweets drop
 * out at hydration.
 * Beyond the cached entries, pages continue from the stores. Used from one Vert.x context only.
 */
final class HomeTimeline {
  /** Enough spare ids to hydrate that a few deleted tweets rarely cost a second round. */
  private static final int SPARE = 5;
  private static final int CELEBRITY_TWEETS = 200;

  /** The cached home timelines (Redis): slices of them, the celebrities hash, and rebuilding one. */
  interface CachedTimelines {
    /**
     * Up to {@code count} ids of the user's timeline below {@code maxIdExclusive}, newest first, with the
     * timeline's length; keeps the timeline for {@code ttl} from now. Missing if the user has none, stale (no ids)
     * if it may miss writes.
     */
    Future<TimelineReader.Read> read(long userId, long maxIdExclusive, int count, Duration ttl);

    /** Author id → the newest of their tweets that was not fanned out. */
    Future<Map<Long, Long>> celebrities();

    /** Before the stores are read: makes the timeline exist (kept for {@code ttl}) so pushes reach it meanwhile. */
    Future<TimelineWriter.Rebuild> beginRebuild(long userId, Duration ttl);

    /** Writes the stores' ids with those pushed meanwhile and marks the timeline complete; its ids, newest first. */
    Future<List<Long>> finishRebuild(TimelineWriter.Rebuild rebuild, List<Long> ids);
  }

  /** The tweet store (Cassandra), as far as home timelines read it. */
  interface TweetStore {
    /** The ids of the author's newest {@code limit} tweets, newest first. */
    Future<List<Long>> recentTweetIds(long authorId, int limit);

    /** The ids of up to {@code limit} tweets mentioning the user below {@code maxIdExclusive}, newest first. */
    Future<List<Long>> mentionIds(long userId, long maxIdExclusive, int limit);

    /** Up to {@code limit} of the author's tweets below {@code maxIdExclusive}, newest first. */
    Future<TweetPage> authorTweets(long authorId, long maxIdExclusive, int limit);

    /** The tweets among {@code ids} that exist and are not deleted. */
    Future<Map<Long, Tweet>> tweets(Collection<Long> ids);
  }

  /** The tweets of a page's ids: those that exist and are not deleted. */
  interface Hydration {
    Future<Map<Long, Tweet>> tweets(List<Long> ids);
  }

  /** The follow graph (Neo4j): whom a user follows. */
  interface FollowGraph {
    Future<List<Long>> followeeIds(long userId);
  }

  private final CachedTimelines timelines;
  private final TimelineMembership membership;
  private final TweetStore tweets;
  private final Hydration hydration;
  private final FollowGraph graph;
  private final Duration activeFor;
  private final Map<Long, Future<List<Long>>> rebuilding = new HashMap<>();
  private final Cache<Long, List<Long>> followees;
  private final Cache<Long, List<Long>> celebrityTweets;
  private final Cache<String, Map<Long, Long>> celebrities;
  private final MeterRegistry metrics;
  private final Timer rebuildTime;
  private final Timer hydrationTime;
  private final Counter cacheHits;
  private final Counter rebuildReads;
  private final Counter beyondCacheReads;
  private final Counter celebrityMerges;
  private final Counter unkeptRebuilds;

  HomeTimeline(CachedTimelines timelines, TimelineMembership membership, TweetStore tweets, Hydration hydration,
               FollowGraph graph, Duration activeFor, Duration briefly, Duration followeesFor, MeterRegistry metrics) {
    this.timelines = timelines;
    this.membership = membership;
    this.tweets = tweets;
    this.hydration = hydration;
    this.graph = graph;
    this.activeFor = activeFor;
    this.followees = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(followeesFor).build();
    this.celebrityTweets = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(briefly).build();
    this.celebrities = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(briefly).build();
    this.metrics = metrics;
    this.rebuildTime = Timer.builder("chirp_timeline_rebuild_seconds").publishPercentileHistogram().register(metrics);
    this.hydrationTime = Timer.builder("chirp_timeline_hydration_seconds").publishPercentileHistogram().register(metrics);
    this.cacheHits = reads("cache_hit");
    this.rebuildReads = reads("rebuild");
    this.beyondCacheReads = reads("beyond_cache");
    this.celebrityMerges = Counter.builder("chirp_timeline_celebrity_merges").tag("outcome", "merged").register(metrics);
    this.unkeptRebuilds = Counter.builder("chirp_timeline_unkept_rebuilds")
        .description("timelines built from the stores but not kept, because Redis refused writes").register(metrics);
  }

  private Counter reads(String outcome) {
    return Counter.builder("chirp_timeline_reads").tag("outcome", outcome).register(metrics);
  }

  Future<TweetPage> page(long userId, long maxId, int limit) {
    return collect(userId, maxId, limit, new ArrayList<>(), true)
        .map(page -> new TweetPage(page, page.size() == limit ? page.get(page.size() - 1).id() : null));
  }

  /**
   * Adds tweets below {@code maxId} to {@code into} until it holds {@code limit}: a slice of the cached ids
   * (only as many as the page needs), merged with followed celebrities' tweets, hydrated; then the next slice,
   * and past the end of a full cached timeline, the stores.
   */
  private Future<List<Tweet>> collect(long userId, long maxId, int limit, List<Tweet> into, boolean first) {
    int wanted = limit - into.size();
    int count = Math.min(membership.cap(), wanted * 2 + SPARE);
    Future<TimelineReader.Slice> cached = timelines.read(userId, maxId, count, activeFor).compose(found -> {
      // Missing or stale (it may miss writes: Redis restarted from an older snapshot, or a rebuild is under way).
      if (first) (found.fresh().isPresent() ? cacheHits : rebuildReads).increment();
      return found.fresh().map(Future::succeededFuture).orElseGet(() -> rebuild(userId).map(all -> slice(all, maxId, count)));
    });
    Future<List<Long>> fromCelebrities = celebrityTweetIds(userId);
    return Future.all(cached, fromCelebrities).compose(both -> {
      TimelineReader.Slice slice = cached.result();
      boolean cacheExhausted = slice.ids().size() < count;
      long oldestCached = slice.ids().isEmpty() ? 0 : slice.ids().get(slice.ids().size() - 1);
      TreeSet<Long> merged = new TreeSet<>(Comparator.reverseOrder());
      merged.addAll(slice.ids());
      for (Long id : fromCelebrities.result()) {
        // Older celebrity tweets than this slice reaches belong with the next slice, not before its ids.
        if (id < maxId && (cacheExhausted || id >= oldestCached)) merged.add(id);
      }
      List<Long> candidates = new ArrayList<>(merged);
      return hydrate(candidates, 0, limit, into).compose(page -> {
        if (page.size() >= limit) return Future.succeededFuture(page);
        if (!cacheExhausted) return collect(userId, candidates.get(candidates.size() - 1), limit, page, false);
        if (slice.length() >= membership.cap()) {
          long below = candidates.isEmpty() ? maxId : Math.min(maxId, candidates.get(candidates.size() - 1));
          return beyondTheCache(userId, page, below, limit);
        }
        return Future.succeededFuture(page);
      });
    });
  }

  private static TimelineReader.Slice slice(List<Long> all, long maxId, int count) {
    return new TimelineReader.Slice(all.stream().filter(id -> id < maxId).limit(count).toList(), all.size());
  }

  /** Hydrates candidates in order until {@code limit} tweets exist (deleted ones are skipped). */
  private Future<List<Tweet>> hydrate(List<Long> candidates, int from, int limit, List<Tweet> into) {
    if (into.size() >= limit || from >= candidates.size()) return Future.succeededFuture(into);
    int to = Math.min(candidates.size(), from + (limit - into.size()) + SPARE);
    List<Long> batch = candidates.subList(from, to);
    Timer.Sample sample = Timer.start(metrics);
    return hydration.tweets(batch).compose(found -> {
      sample.stop(hydrationTime);
      for (Long id : batch) {
        Tweet tweet = found.get(id);
        if (tweet != null && into.size() < limit) into.add(tweet);
      }
      return hydrate(candidates, to, limit, into);
    });
  }

  /** Older than anything cached: the followed authors' and the user's own tweets, and tweets mentioning the user. */
  private Future<List<Tweet>> beyondTheCache(long userId, List<Tweet> page, long below, int limit) {
    beyondCacheReads.increment();
    Future<List<Tweet>> mentioning = tweets.mentionIds(userId, below, limit)
        .compose(ids -> tweets.tweets(ids).map(found -> List.copyOf(found.values())));
    return authorsOf(userId, false).compose(authors -> {
      List<Future<TweetPage>> reads = authors.stream().map(a -> tweets.authorTweets(a, below, limit)).toList();
      return Future.all(Future.all(reads), mentioning).map(v -> {
        TreeSet<Tweet> older = new TreeSet<>(Comparator.comparingLong(Tweet::id).reversed());
        reads.forEach(r -> older.addAll(r.result().tweets()));
        older.addAll(mentioning.result());
        List<Tweet> result = new ArrayList<>(page);
        for (Tweet t : older) if (result.size() < limit) result.add(t);
        return result;
      });
    });
  }

  /**
   * Rebuilds a missing or stale timeline from the follow graph, each followed author's (and the user's own) newest
   * tweets and the newest tweets mentioning the user, as the fan-out worker would have delivered them; writes it
   * back (which also makes the user active) and returns it. The timeline exists before the stores are read, so
   * what the fan-out pushes meanwhile is kept. Concurrent reads of one timeline in this process share one rebuild;
   * rebuilds in other processes may overlap (the one that began last writes). While Redis refuses writes the
   * timeline is built from the stores all the same and served without being kept.
   */
  private Future<List<Long>> rebuild(long userId) {
    Future<List<Long>> running = rebuilding.get(userId);
    if (running != null) return running;
    Timer.Sample sample = Timer.start(metrics);
    Future<List<Long>> rebuilt = timelines.beginRebuild(userId, activeFor).transform(begun -> {
      if (begun.succeeded()) return fromStores(userId).compose(ids -> timelines.finishRebuild(begun.result(), ids));
      if (!TimelineWriter.refusesWrites(begun.cause())) return Future.failedFuture(begun.cause());
      unkeptRebuilds.increment();
      return fromStores(userId);
    });
    rebuilding.put(userId, rebuilt);
    return rebuilt.onComplete(done -> {
      rebuilding.remove(userId);
      sample.stop(rebuildTime);
    });
  }

  /** The user's timeline as the stores hold it, newest first, capped; whom the user follows right now, not as cached. */
  private Future<List<Long>> fromStores(long userId) {
    return authorsOf(userId, true).compose(authors -> {
      List<Future<List<Long>>> reads = new ArrayList<>();
      authors.forEach(a -> reads.add(tweets.recentTweetIds(a, membership.authorWindow())));
      reads.add(tweets.mentionIds(userId, Long.MAX_VALUE, membership.cap()));
      return Future.all(reads).map(v -> membership.timelineOf(reads.stream().map(Future::result).toList()));
    });
  }

  /** Whose tweets a home timeline shows: everyone the user follows, and the user. {@code fresh}: not from the cache. */
  private Future<List<Long>> authorsOf(long userId, boolean fresh) {
    List<Long> known = fresh ? null : followees.getIfPresent(userId);
    Future<List<Long>> followed = known != null ? Future.succeededFuture(known)
        : graph.followeeIds(userId).onSuccess(ids -> followees.put(userId, ids));
    return followed.map(ids -> TimelineMembership.authorsOf(userId, ids));
  }

  /** Recent tweets of celebrities the user follows (their tweets are merged here instead of fanned out). */
  private Future<List<Long>> celebrityTweetIds(long userId) {
    Map<Long, Long> known = celebrities.getIfPresent("all");
    Future<Map<Long, Long>> all = known != null ? Future.succeededFuture(known)
        : timelines.celebrities().onSuccess(found -> celebrities.put("all", found));
    return all.compose(byAuthor -> {
      if (byAuthor.isEmpty()) return Future.succeededFuture(List.<Long>of());
      return authorsOf(userId, false).compose(authors -> {
        List<Future<List<Long>>> reads = new ArrayList<>();
        for (Long author : authors) {
          if (!byAuthor.containsKey(author)) continue;
          List<Long> recent = celebrityTweets.getIfPresent(author);
          reads.add(recent != null ? Future.succeededFuture(recent)
              : tweets.recentTweetIds(author, CELEBRITY_TWEETS).onSuccess(ids -> celebrityTweets.put(author, ids)));
        }
        if (!reads.isEmpty()) celebrityMerges.increment();
        return Future.all(reads).map(v -> {
          List<Long> ids = new ArrayList<>();
          reads.forEach(r -> ids.addAll(r.result()));
          return ids;
        });
      });
    });
  }
}
