package dev.chirp.tweet;

import dev.chirp.common.engines.Backoff;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetWriter.KeyOwner;
import dev.chirp.store.tweets.TweetWriter.Removal;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Posting and deleting tweets: the write is stored with its outbox row, then the event is published, and only
 * an acknowledged event completes the request. A post whose publish failed is withdrawn before it is answered 503
 * (so a retry without a key does not make a second tweet); a deletion's event is published later instead. With an
 * Idempotency-Key, the first request to claim the key
 * (a lightweight transaction) creates the tweet; every other request with that key waits for it and answers
 * with the same tweet, completing the publish itself if the first one could not.
 */
final class TweetWrites {
  /** The outcome of a post: the tweet, and whether this request created it (false for an idempotent replay). */
  record Posted(Tweet tweet, boolean created) {
  }

  private final Vertx vertx;
  private final TweetRows tweets;
  private final IdempotencyKeys keys;
  private final UserDirectory users;
  private final Outbox outbox;
  private final SnowflakeIds ids;
  private final Clock clock;
  private final long replayWaitMillis;
  private final Counter replays;

  TweetWrites(Vertx vertx, TweetRows tweets, IdempotencyKeys keys, UserDirectory users, Outbox outbox, SnowflakeIds ids,
              Clock clock, long replayWaitMillis, MeterRegistry metrics) {
    this.vertx = vertx;
    this.tweets = tweets;
    this.keys = keys;
    this.users = users;
    this.outbox = outbox;
    this.ids = ids;
    this.clock = clock;
    this.replayWaitMillis = replayWaitMillis;
    this.replays = Counter.builder("chirp_tweet_idempotent_replays").description("Posts answered with the tweet an earlier"
        + " request with the same Idempotency-Key created").register(metrics);
  }

  Future<Posted> post(long authorId, TweetText text, String idempotencyKey) {
    if (!outbox.canPublish()) return Future.failedFuture(ApiException.unavailable("pulsar", null));
    long id = ids.next();
    Future<Tweet> tweet = resolve(authorId, text, id);
    if (idempotencyKey == null) return tweet.compose(this::create);
    // The key's transaction and the graph reads need nothing from each other: run them together.
    Future<Optional<KeyOwner>> owner = keys.claim(authorId, idempotencyKey, id, sha256(text.text()));
    return Future.all(tweet, owner).compose(both -> owner.result().isEmpty()
        ? create(tweet.result())
        : replay(tweet.result(), idempotencyKey, owner.result().get(), text));
  }

  /** The tweet to store under {@code id}: the author's handle and the mentioned handles that name users, in text order. */
  private Future<Tweet> resolve(long authorId, TweetText text, long id) {
    Future<Optional<String>> author = users.handleOf(authorId);
    Future<List<UserRef>> mentioned = users.usersNamed(text.mentionedHandles());
    return Future.all(author, mentioned).compose(found -> author.result()
        .map(handle -> Future.succeededFuture(new Tweet(id, authorId, handle, text.text(), SnowflakeIds.timeOf(id),
            mentioned.result())))
        .orElseGet(() -> Future.failedFuture(ApiException.unauthorized("the token's user does not exist"))));
  }

  private Future<Posted> create(Tweet tweet) {
    UnpublishedEvent event = Outbox.created(tweet, UUID.randomUUID());
    return tweets.insert(tweet, event).compose(v -> outbox.publishOwnedOrWithdraw(event, () -> tweets.withdraw(tweet, event)))
        .map(new Posted(tweet, true));
  }

  /**
   * Another request claimed the key first: answer with its tweet once that tweet is stored and published.
   * {@code candidate} is this request's own version of it, stored (under a new id the key is moved to) only if
   * the first request never stored anything: it died between claiming the key and writing.
   */
  private Future<Posted> replay(Tweet candidate, String key, KeyOwner owner, TweetText text) {
    if (!Arrays.equals(owner.textSha256(), sha256(text.text()))) {
      return Future.failedFuture(ApiException.conflict("idempotency_key_reused",
          "this Idempotency-Key was used for a tweet with a different text"));
    }
    replays.increment();
    Promise<Posted> answer = Promise.promise();
    awaitPublished(owner.tweetId(), candidate, key, clock.millis() + replayWaitMillis, 0, answer);
    return answer.future();
  }

  private void awaitPublished(long id, Tweet candidate, String key, long deadline, int attempt, Promise<Posted> answer) {
    Future<Optional<Tweet>> tweet = tweets.tweet(id);
    Future<Optional<UnpublishedEvent>> event = outbox.createdEventOf(id);
    Future.all(tweet, event).compose(both -> {
      if (event.result().isPresent()) {
        UnpublishedEvent pending = event.result().get();
        if (pending.claimedBy() != null) return Future.succeededFuture(Optional.<Posted>empty());
        return outbox.claimAndPublishRefilingLate(pending).map(published -> published ? tweet.result().map(t -> new Posted(t, false))
            : Optional.<Posted>empty());
      }
      if (tweet.result().isPresent()) return Future.succeededFuture(Optional.of(new Posted(tweet.result().get(), false)));
      return tweets.removal(id).compose(removal -> {
        if (removal == Removal.DELETED) {
          return Future.failedFuture(ApiException.notFound("tweet_deleted", "the tweet this key created was deleted"));
        }
        // A withdrawn tweet was never posted (its request answered 503): post this request's own at once. Otherwise,
        // half the wait without a trace means the request that claimed the key never stored its tweet.
        if (removal != Removal.WITHDRAWN && clock.millis() < deadline - replayWaitMillis / 2) {
          return Future.succeededFuture(Optional.<Posted>empty());
        }
        // Store this request's tweet under its own id, not the key's old one: an outbox row lives at its tweet
        // id's second, which the sweeper may have read long ago.
        return keys.reassign(candidate.authorId(), key, id, candidate.id()).compose(moved -> moved
            ? create(candidate).map(Optional::of)
            : Future.succeededFuture(Optional.<Posted>empty()));
      });
    }).onComplete(done -> {
      if (done.failed()) {
        answer.fail(done.cause());
      } else if (done.result().isPresent()) {
        answer.complete(done.result().get());
      } else if (clock.millis() >= deadline) {
        // The request that owns the publish is still trying: Pulsar is slow or down.
        answer.fail(ApiException.unavailable("pulsar", null));
      } else {
        vertx.setTimer(Math.max(1, Backoff.conflictDelayMillis(attempt + 1)), t -> {
          // The key may have been moved to another request's tweet meanwhile.
          keys.owner(candidate.authorId(), key).onComplete(owner -> awaitPublished(
              owner.succeeded() && owner.result().isPresent() ? owner.result().get() : id, candidate, key, deadline, attempt + 1, answer));
        });
      }
    });
  }

  /** Deletes the author's tweet; 404 if it does not exist (or no longer), 403 if it is someone else's. */
  Future<Void> delete(long actingUser, long tweetId) {
    return tweets.tweet(tweetId).compose(found -> {
      Tweet tweet = found.orElse(null);
      if (tweet == null) return Future.failedFuture(ApiException.notFound("tweet_not_found", "no tweet " + tweetId));
      if (tweet.authorId() != actingUser) {
        return Future.failedFuture(ApiException.forbidden("only the author can delete tweet " + tweetId));
      }
      if (!outbox.canPublish()) return Future.failedFuture(ApiException.unavailable("pulsar", null));
      UnpublishedEvent event = outbox.deleted(tweet, clock.instant());
      return tweets.markDeleted(tweet, event).compose(v -> outbox.publishOwned(event));
    });
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
