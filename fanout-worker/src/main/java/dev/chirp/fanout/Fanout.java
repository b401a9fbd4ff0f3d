package dev.chirp.fanout;

import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.store.timelines.TimelineMembership;
import dev.chirp.store.tweets.Tweet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What each event does to the home timelines. Every step is idempotent (a timeline holds an id at most once,
 * removing an absent id does nothing), so a redelivered event can simply be applied again. Follow events are
 * applied as the graph stands when they are applied (a Followed merges only while the follow exists, an
 * Unfollowed removes only while it does not), so a late, repeated or reordered follow event cannot undo a newer change.
 */
final class Fanout {
  private final FollowerCounts followerCounts;
  private final FollowState followState;
  private final FollowerLists followers;
  private final AuthorTweets authorTweets;
  private final HomeTimelines timelines;
  private final TimelineMembership membership;
  private final long celebrityThreshold;
  private final Counter timelineWrites;
  private final Counter celebritySkips;

  Fanout(FollowerCounts followerCounts, FollowState followState, FollowerLists followers, AuthorTweets authorTweets,
         HomeTimelines timelines, TimelineMembership membership, long celebrityThreshold, MeterRegistry metrics) {
    this.followerCounts = followerCounts;
    this.followState = followState;
    this.followers = followers;
    this.authorTweets = authorTweets;
    this.timelines = timelines;
    this.membership = membership;
    this.celebrityThreshold = celebrityThreshold;
    this.timelineWrites = Counter.builder("chirp_fanout_timeline_writes").description("Tweet ids written into home timelines")
        .register(metrics);
    this.celebritySkips = Counter.builder("chirp_fanout_celebrity_skips").description("Tweets not fanned out because"
        + " their author has more followers than the threshold").register(metrics);
  }

  Future<?> apply(ChirpEvent event) {
    if (event instanceof TweetCreated created) return deliver(created);
    if (event instanceof TweetDeleted deleted) return retract(deleted);
    if (event instanceof Followed followed) return merge(followed);
    return unmerge((Unfollowed) event);
  }

  /** The author, mentioned users and (unless the author is a celebrity) every follower get the id. */
  private Future<?> deliver(TweetCreated tweet) {
    Future<Long> own = push(tweet.tweetId(), TimelineMembership.authorAndMentioned(tweet.authorId(), tweet.mentionIds()));
    Future<Void> toFollowers = isCelebrity(tweet.authorId()).compose(celebrity -> {
      if (celebrity) {
        celebritySkips.increment();
        return timelines.markCelebrity(tweet.authorId(), tweet.tweetId());
      }
      // Pages arrive from the graph (or memory) while the previous page is being written.
      return followers.deliver(tweet.authorId(), page -> push(tweet.tweetId(), page))
          .compose(delivery -> takeBackFromFormerFollowers(tweet, delivery).mapEmpty());
    });
    return Future.all(own, toFollowers);
  }

  /**
   * The follower list the tweet went out to may be older than an Unfollowed event whose removal ran before the push
   * to that former follower: the tweet would stay. Every follow event bumps the author's version before it touches a
   * timeline, so if the version still holds after the last push, any later removal runs after it; if it moved, the
   * followers are read again and the tweet taken back from whoever no longer follows. (A new follower needs nothing
   * here: the Followed event merges the author's stored tweets, and this tweet was stored before its event existed.)
   */
  private Future<?> takeBackFromFormerFollowers(TweetCreated tweet, FollowerLists.Delivery delivery) {
    return followers.version(tweet.authorId()).compose(now -> {
      if (now.equals(delivery.version())) return Future.succeededFuture();
      return followers.deliver(tweet.authorId(), page -> Future.succeededFuture()).compose(current -> {
        Set<Long> stay = new HashSet<>();
        for (long id : current.ids()) stay.add(id);
        for (long id : TimelineMembership.authorAndMentioned(tweet.authorId(), tweet.mentionIds())) stay.add(id);
        long[] gone = Arrays.stream(delivery.ids()).filter(id -> !stay.contains(id)).toArray();
        return timelines.remove(gone, List.of(tweet.tweetId()));
      });
    });
  }

  private Future<?> retract(TweetDeleted tweet) {
    Future<Long> own = timelines.remove(TimelineMembership.authorAndMentioned(tweet.authorId(), tweet.mentionIds()), List.of(tweet.tweetId()));
    Future<Void> fromFollowers = isCelebrity(tweet.authorId()).compose(celebrity -> celebrity
        ? Future.succeededFuture()
        : followers.forEachPage(tweet.authorId(), page -> timelines.remove(page, List.of(tweet.tweetId()))));
    return Future.all(own, fromFollowers);
  }

  /** The followee's recent tweets join the follower's timeline, in order, within the cap. */
  private Future<?> merge(Followed follow) {
    // Stale everywhere first: a tweet fanned out after this reads the graph, one before it is among the recent tweets.
    return followers.invalidate(follow.followeeId())
        .compose(v -> followState.follows(follow.followerId(), follow.followeeId()))
        .compose(following -> !following ? Future.succeededFuture() : recentTweets(follow.followeeId())
            .compose(recent -> timelines.merge(follow.followerId(), recent.stream().map(Tweet::id).toList())));
  }

  /** The followee's tweets leave the follower's timeline, except those that mention the follower. */
  private Future<?> unmerge(Unfollowed unfollow) {
    return followers.invalidate(unfollow.followeeId())
        .compose(v -> followState.follows(unfollow.followerId(), unfollow.followeeId()))
        .compose(following -> following ? Future.succeededFuture() : recentTweets(unfollow.followeeId())
            .compose(recent -> timelines.remove(new long[] {unfollow.followerId()}, recent.stream()
                .filter(t -> !TimelineMembership.staysAfterUnfollow(unfollow.followerId(), t.mentionIds())).map(Tweet::id).toList())));
  }

  /** As many of the author's newest tweets as a timeline holds: no older one can be in a timeline. */
  private Future<List<Tweet>> recentTweets(long authorId) {
    return authorTweets.newest(authorId, membership.authorWindow());
  }

  /**
   * Whether the author has more followers than the threshold. A cached follower list knows the count (any follow
   * event of the author drops it), so the graph is asked only when there is none.
   */
  private Future<Boolean> isCelebrity(long authorId) {
    OptionalInt cached = followers.cachedCount(authorId);
    if (cached.isPresent()) return Future.succeededFuture(!TimelineMembership.fannedOutToFollowers(cached.getAsInt(), celebrityThreshold));
    return followerCounts.of(authorId).map(count -> count.map(c -> !TimelineMembership.fannedOutToFollowers(c, celebrityThreshold))
        .orElse(false));
  }

  private Future<Long> push(long tweetId, long[] users) {
    return timelines.push(tweetId, users).onSuccess(written -> timelineWrites.increment(written));
  }
}
