package dev.chirp.fanout;

import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.tweets.Tweet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** What each event does to the home timelines, over an in-memory follow graph, tweet store and timelines. */
class FanoutTest {
  private static final int PAGE = 2;
  private static final long CELEBRITY_THRESHOLD = 5;
  /** Also how many of an author's newest tweets a follow merges and an unfollow takes out. */
  private static final int CAP = 3;
  private static final long AUTHOR = 1;
  private static final long MENTIONED = 2;
  private static final long ALSO_MENTIONED = 3;
  private static final long READER = 4;

  private final FakeFollowGraph graph = new FakeFollowGraph();
  private final FakeHomeTimelines timelines = new FakeHomeTimelines();
  private final Map<Long, List<Tweet>> tweetsByAuthor = new HashMap<>();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final Fanout fanout = new Fanout(graph, graph, new FollowerLists(graph, new SharedVersions(), PAGE, 1_000, Duration.ofMinutes(5), Runnable::run),
      this::newestTweets, timelines, new TimelineMembership(CAP), CELEBRITY_THRESHOLD, metrics);
  private long nextTweetId = 1_000;

  @Test
  void aTweetReachesTheAuthorEachMentionedUserAndEveryFollowerAPageAtATime() {
    long[] followers = followers(AUTHOR, 5);
    timelines.activate(AUTHOR, MENTIONED, ALSO_MENTIONED);
    timelines.activate(followers);

    TweetCreated tweet = tweet(AUTHOR, MENTIONED, ALSO_MENTIONED);
    apply(tweet);

    for (long reader : concat(followers, AUTHOR, MENTIONED, ALSO_MENTIONED)) {
      assertThat(timelines.of(reader)).as("timeline of %d", reader).containsExactly(tweet.tweetId());
    }
    assertThat(timelines.pushes()).extracting(users -> users.length)
        .as("the author and mentioned users in one write, then the followers in pages of %d", PAGE).containsExactly(3, 2, 2, 1);
    assertThat(timelines.pushes().stream().skip(1).flatMapToLong(Arrays::stream).toArray()).containsExactlyInAnyOrder(followers);
    assertThat(timelineWrites()).isEqualTo(8);
  }

  @Test
  void onlyExistingTimelinesGetTheTweetAndOnlyTheirsCountAsWrites() {
    long[] followers = followers(AUTHOR, 2);
    long active = followers[0];
    long inactive = followers[1];
    timelines.activate(AUTHOR, active);

    TweetCreated tweet = tweet(AUTHOR, MENTIONED);
    apply(tweet);

    assertThat(timelines.of(AUTHOR)).containsExactly(tweet.tweetId());
    assertThat(timelines.of(active)).containsExactly(tweet.tweetId());
    assertThat(timelines.has(inactive)).isFalse();
    assertThat(timelines.has(MENTIONED)).isFalse();
    assertThat(timelineWrites()).isEqualTo(2);
  }

  @Test
  void aCelebritysTweetIsRecordedNotFannedOutButStillReachesTheAuthorAndMentionedUsers() {
    long[] fans = followers(AUTHOR, (int) CELEBRITY_THRESHOLD + 1);
    timelines.activate(AUTHOR, MENTIONED);
    timelines.activate(fans);

    TweetCreated tweet = tweet(AUTHOR, MENTIONED);
    apply(tweet);

    assertThat(timelines.of(AUTHOR)).containsExactly(tweet.tweetId());
    assertThat(timelines.of(MENTIONED)).containsExactly(tweet.tweetId());
    for (long fan : fans) assertThat(timelines.of(fan)).as("timeline of fan %d", fan).isEmpty();
    assertThat(timelines.celebrities()).containsExactly(entry(AUTHOR, tweet.tweetId()));
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isZero();
    assertThat(celebritySkips()).isEqualTo(1);
    assertThat(timelineWrites()).isEqualTo(2);
  }

  @Test
  void anAuthorWithExactlyTheThresholdsFollowersIsFannedOut() {
    long[] followers = followers(AUTHOR, (int) CELEBRITY_THRESHOLD);
    timelines.activate(followers);

    TweetCreated tweet = tweet(AUTHOR);
    apply(tweet);

    for (long follower : followers) assertThat(timelines.of(follower)).as("timeline of %d", follower).containsExactly(tweet.tweetId());
    assertThat(timelines.celebrities()).isEmpty();
    assertThat(celebritySkips()).isZero();
  }

  @Test
  void aCachedFollowerListAnswersWhetherItsAuthorIsACelebrity() {
    long[] followers = followers(AUTHOR, 2);
    timelines.activate(followers);

    apply(tweet(AUTHOR));
    TweetCreated second = tweet(AUTHOR);
    apply(second);

    assertThat(timelines.of(followers[0])).startsWith(second.tweetId());
    assertThat(graph.followerCountReads(AUTHOR)).as("follower count reads").isEqualTo(1);
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isEqualTo(1);
  }

  @Test
  void anAuthorTheGraphDoesNotKnowIsNoCelebrity() {
    timelines.activate(AUTHOR);

    TweetCreated tweet = tweet(AUTHOR);
    apply(tweet);

    assertThat(timelines.of(AUTHOR)).containsExactly(tweet.tweetId());
    assertThat(timelines.celebrities()).isEmpty();
    assertThat(celebritySkips()).isZero();
  }

  @Test
  void aDeletedTweetLeavesTheAuthorsTheMentionedUsersAndEveryFollowersTimeline() {
    long[] followers = followers(AUTHOR, 3);
    long kept = nextTweetId++;
    long deleted = nextTweetId++;
    for (long user : concat(followers, AUTHOR)) timelines.put(user, List.of(kept, deleted));
    timelines.put(MENTIONED, List.of(deleted));

    apply(new TweetDeleted(deleted, AUTHOR, List.of(MENTIONED)));

    for (long user : concat(followers, AUTHOR)) assertThat(timelines.of(user)).as("timeline of %d", user).containsExactly(kept);
    assertThat(timelines.of(MENTIONED)).isEmpty();
  }

  @Test
  void aDeletedCelebrityTweetLeavesTheAuthorsAndMentionedUsersTimelinesWithoutReadingTheFollowers() {
    followers(AUTHOR, (int) CELEBRITY_THRESHOLD + 1);
    long deleted = nextTweetId++;
    timelines.put(AUTHOR, List.of(deleted));
    timelines.put(MENTIONED, List.of(deleted));

    apply(new TweetDeleted(deleted, AUTHOR, List.of(MENTIONED)));

    assertThat(timelines.of(AUTHOR)).isEmpty();
    assertThat(timelines.of(MENTIONED)).isEmpty();
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isZero();
  }

  @Test
  void aFollowMergesTheFolloweesNewestTweetsAsManyAsATimelineHolds() {
    // Older than the newest CAP of the author's tweets: no timeline could hold them next to those.
    stored(AUTHOR);
    stored(AUTHOR);
    List<Tweet> newest = List.of(stored(AUTHOR), stored(AUTHOR), stored(AUTHOR));
    long alreadyThere = nextTweetId++;
    timelines.put(READER, List.of(alreadyThere));

    graph.follow(READER, AUTHOR);
    apply(new Followed(READER, AUTHOR));

    assertThat(timelines.of(READER)).containsExactly(alreadyThere, newest.get(2).id(), newest.get(1).id(), newest.get(0).id());
  }

  @Test
  void aFollowDropsTheFolloweesCachedFollowerListSoTheNewFollowerGetsTheNextTweet() {
    long[] earlier = followers(AUTHOR, 1);
    timelines.activate(READER);
    timelines.activate(earlier);
    apply(tweet(AUTHOR));

    graph.follow(READER, AUTHOR);
    apply(new Followed(READER, AUTHOR));
    TweetCreated next = tweet(AUTHOR);
    apply(next);

    assertThat(timelines.of(READER)).containsExactly(next.tweetId());
    assertThat(timelines.of(earlier[0])).startsWith(next.tweetId());
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isEqualTo(2);
  }

  @Test
  void anUnfollowRemovesTheFolloweesTweetsButThoseMentioningTheFollower() {
    Tweet plain = stored(AUTHOR);
    Tweet mentioning = stored(AUTHOR, READER);
    Tweet mentioningSomeoneElse = stored(AUTHOR, MENTIONED);
    long othersTweet = nextTweetId++;
    timelines.put(READER, List.of(plain.id(), mentioning.id(), mentioningSomeoneElse.id(), othersTweet));

    apply(new Unfollowed(READER, AUTHOR));

    assertThat(timelines.of(READER)).containsExactly(othersTweet, mentioning.id());
  }

  @Test
  void anUnfollowDropsTheFolloweesCachedFollowerListSoTheFormerFollowerMissesTheNextTweet() {
    graph.follow(READER, AUTHOR);
    timelines.activate(READER);
    apply(tweet(AUTHOR));

    graph.unfollow(READER, AUTHOR);
    apply(new Unfollowed(READER, AUTHOR));
    TweetCreated next = tweet(AUTHOR);
    apply(next);

    assertThat(timelines.of(READER)).doesNotContain(next.tweetId());
  }

  @Test
  void anUnfollowAppliedWhileATweetGoesOutToTheCachedListTakesTheTweetBackFromTheFormerFollower() {
    long[] others = followers(AUTHOR, 3);
    graph.follow(READER, AUTHOR);
    timelines.activate(READER);
    timelines.activate(others);
    apply(tweet(AUTHOR));
    TweetCreated next = tweet(AUTHOR);
    stored(next);
    // Another worker applies the unfollow after this one took the (cached) list and before its page is written.
    timelines.beforeNextPushTo(READER, () -> {
      graph.unfollow(READER, AUTHOR);
      apply(new Unfollowed(READER, AUTHOR));
    });

    apply(next);

    assertThat(timelines.of(READER)).doesNotContain(next.tweetId());
    for (long other : others) assertThat(timelines.of(other)).as("timeline of %d", other).startsWith(next.tweetId());
  }

  @Test
  void anUnfollowDuringAFanOutStillLeavesTheTweetWithAFormerFollowerItMentions() {
    graph.follow(READER, AUTHOR);
    timelines.activate(READER, AUTHOR);
    apply(tweet(AUTHOR));
    TweetCreated next = tweet(AUTHOR, READER);
    stored(next);
    timelines.pushes().clear();
    // The first push to the reader is the one to the author and mentioned users; the unfollow lands before the second.
    timelines.beforeNextPushTo(READER, () -> timelines.beforeNextPushTo(READER, () -> {
      graph.unfollow(READER, AUTHOR);
      apply(new Unfollowed(READER, AUTHOR));
    }));

    apply(next);

    assertThat(timelines.pushes()).as("the reader got the tweet twice: as mentioned and as a follower")
        .filteredOn(users -> Arrays.stream(users).anyMatch(id -> id == READER)).hasSize(2);
    assertThat(timelines.of(READER)).contains(next.tweetId());
  }

  @Test
  void aFollowedEventArrivingAfterTheFollowWasUndoneMergesNothing() {
    stored(AUTHOR);
    timelines.activate(READER);

    apply(new Followed(READER, AUTHOR));

    assertThat(timelines.of(READER)).isEmpty();
  }

  @Test
  void anUnfollowedEventArrivingAfterTheUserFollowedAgainRemovesNothing() {
    Tweet tweet = stored(AUTHOR);
    graph.follow(READER, AUTHOR);
    timelines.put(READER, List.of(tweet.id()));

    apply(new Unfollowed(READER, AUTHOR));

    assertThat(timelines.of(READER)).containsExactly(tweet.id());
  }

  private void apply(ChirpEvent event) {
    Future<?> applied = fanout.apply(event);
    assertThat(applied.succeeded()).as("applied at once (every fake answers at once): %s", applied).isTrue();
  }

  /** The author gets this many new followers. */
  private long[] followers(long authorId, int count) {
    long[] followers = new long[count];
    for (int i = 0; i < count; i++) {
      followers[i] = 100 + i;
      graph.follow(followers[i], authorId);
    }
    return followers;
  }

  private TweetCreated tweet(long authorId, Long... mentionIds) {
    return new TweetCreated(nextTweetId++, authorId, Instant.EPOCH, List.of(mentionIds));
  }

  /** The tweet of this event in the tweet store, as tweet-svc stores it before publishing the event. */
  private void stored(TweetCreated created) {
    List<UserRef> mentions = created.mentionIds().stream().map(id -> new UserRef(id, "user" + id)).toList();
    tweetsByAuthor.computeIfAbsent(created.authorId(), author -> new ArrayList<>())
        .add(new Tweet(created.tweetId(), created.authorId(), "user" + created.authorId(), "a tweet", Instant.EPOCH, mentions));
  }

  /** A tweet in the tweet store, for follows and unfollows to find. */
  private Tweet stored(long authorId, Long... mentionIds) {
    List<UserRef> mentions = Arrays.stream(mentionIds).map(id -> new UserRef(id, "user" + id)).toList();
    Tweet tweet = new Tweet(nextTweetId++, authorId, "user" + authorId, "a tweet", Instant.EPOCH, mentions);
    tweetsByAuthor.computeIfAbsent(authorId, author -> new ArrayList<>()).add(tweet);
    return tweet;
  }

  private Future<List<Tweet>> newestTweets(long authorId, int count) {
    return Future.succeededFuture(tweetsByAuthor.getOrDefault(authorId, List.of()).stream()
        .sorted(Comparator.comparingLong(Tweet::id).reversed()).limit(count).toList());
  }

  private double timelineWrites() {
    return metrics.get("chirp_fanout_timeline_writes").counter().count();
  }

  private double celebritySkips() {
    return metrics.get("chirp_fanout_celebrity_skips").counter().count();
  }

  private static long[] concat(long[] users, long... more) {
    long[] all = Arrays.copyOf(users, users.length + more.length);
    System.arraycopy(more, 0, all, users.length, more.length);
    return all;
  }
}
