package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetWriter.Removal;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static dev.chirp.tweet.Futures.errorOf;
import static dev.chirp.tweet.Futures.resultOf;
import static dev.chirp.tweet.Futures.settled;
import static org.assertj.core.api.Assertions.assertThat;

class TweetWritesTest {
  private static final int NODE = 4;
  /** Ids of tweets another tweet-svc process created. */
  private static final SnowflakeIds OTHER_PROCESS_IDS = new SnowflakeIds(8);
  private static final UserRef ANN = new UserRef(1, "ann");
  private static final UserRef BEN = new UserRef(2, "ben");
  private static final long UNKNOWN_USER = 99;
  /** Long enough that nothing in a test that does not mean to wait runs out of it. */
  private static final long LONG_REPLAY_WAIT_MILLIS = 10_000;
  /** For tests that wait the replay's time out. */
  private static final long BRIEF_REPLAY_WAIT_MILLIS = 200;
  private static Vertx vertx;

  private final InMemoryTweetStore store = new InMemoryTweetStore();
  private final InMemoryEventSink events = new InMemoryEventSink();
  private final Outbox outbox = new Outbox(store, events, NODE);
  private final TweetWrites writes = writes(LONG_REPLAY_WAIT_MILLIS);

  /** For the replay's waits between polls. */
  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws InterruptedException {
    settled(vertx.close());
  }

  private TweetWrites writes(long replayWaitMillis) {
    return new TweetWrites(vertx, store, store, new InMemoryUserDirectory(ANN, BEN), outbox, new SnowflakeIds(NODE),
        Clock.systemUTC(), replayWaitMillis, new SimpleMeterRegistry());
  }

  private static TweetText text(String text) {
    return TweetText.parse(text);
  }

  private static TweetCreated createdEventOf(Tweet tweet) {
    return new TweetCreated(tweet.id(), tweet.authorId(), tweet.createdAt(), tweet.mentionIds());
  }

  /** The state a process leaves that claimed {@code key}, stored its tweet and died before publishing. */
  private Tweet storedButNeverPublished(String key, String text) {
    long id = OTHER_PROCESS_IDS.next();
    Tweet tweet = new Tweet(id, ANN.id(), ANN.handle(), text, SnowflakeIds.timeOf(id), List.of());
    assertThat(resultOf(store.claim(ANN.id(), key, id, TweetWrites.sha256(text)))).isEmpty();
    resultOf(store.insert(tweet, Outbox.created(tweet, UUID.randomUUID())));
    store.expireClaims();
    return tweet;
  }

  @Test
  void aPostStoresTheTweetWithItsOutboxRowAndAnswersOnceTheEventIsAcknowledged() {
    events.hold();
    Future<TweetWrites.Posted> posting = writes.post(ANN.id(), text("hello @Ben and @nobody"), null);

    assertThat(posting.isComplete()).isFalse();
    Tweet stored = store.storedTweets().get(0);
    assertThat(stored.authorHandle()).isEqualTo(ANN.handle());
    assertThat(stored.text()).isEqualTo("hello @Ben and @nobody");
    assertThat(stored.mentions()).containsExactly(BEN);
    assertThat(store.rows()).extracting(UnpublishedEvent::event).containsExactly(createdEventOf(stored));

    events.acknowledgeHeld();
    assertThat(resultOf(posting)).isEqualTo(new TweetWrites.Posted(stored, true));
    assertThat(events.acknowledged()).containsExactly(createdEventOf(stored));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void aPostWhoseEventIsNotAcknowledgedIsWithdrawnBeforeItIs503() {
    events.failPublishes();
    assertThat(errorOf(writes.post(ANN.id(), text("hello"), null)).status()).isEqualTo(503);
    assertThat(store.rows()).as("nothing left for the sweeper").isEmpty();
    assertThat(store.storedTweets()).as("no read shows it").isEmpty();
  }

  @Test
  void aPostThatCanBeNeitherPublishedNorWithdrawnIsLeftForTheSweeper() {
    events.failPublishes();
    store.failWithdrawals();
    assertThat(errorOf(writes.post(ANN.id(), text("hello"), null)).status()).isEqualTo(503);
    assertThat(store.rows()).as("left for the sweeper").hasSize(1);
    assertThat(store.rows().get(0).claimedBy()).as("given back").isNull();
  }

  @Test
  void aReplayOfAWithdrawnPostPostsAnew() {
    events.failPublishes();
    assertThat(errorOf(writes.post(ANN.id(), text("hello"), "key-1")).status()).isEqualTo(503);
    events.acknowledgePublishes();

    TweetWrites.Posted retried = resultOf(writes.post(ANN.id(), text("hello"), "key-1"));
    assertThat(retried.created()).isTrue();
    assertThat(store.storedTweets()).containsExactly(retried.tweet());
    assertThat(events.acknowledged()).containsExactly(createdEventOf(retried.tweet()));
    assertThat(resultOf(writes.post(ANN.id(), text("hello"), "key-1"))).isEqualTo(new TweetWrites.Posted(retried.tweet(), false));
  }

  @Test
  void aPostWhileEventsCannotBePublishedIs503AndStoresNothing() {
    events.disconnect();
    ApiException refused = errorOf(writes.post(ANN.id(), text("hello"), "key-1"));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(store.storedTweets()).isEmpty();
    assertThat(store.rows()).isEmpty();

    events.reconnect();
    assertThat(resultOf(writes.post(ANN.id(), text("hello"), "key-1")).created()).as("the key was not taken").isTrue();
  }

  @Test
  void aPostByAnAuthorWhoDoesNotExistIs401() {
    assertThat(errorOf(writes.post(UNKNOWN_USER, text("hello"), null)).status()).isEqualTo(401);
    assertThat(errorOf(writes.post(UNKNOWN_USER, text("hello"), "key-1")).status()).isEqualTo(401);
    assertThat(store.storedTweets()).isEmpty();
    assertThat(events.acknowledged()).isEmpty();
  }

  @Test
  void theFirstPostWithAKeyCreatesAndARepeatAnswersTheSameTweet() {
    TweetWrites.Posted first = resultOf(writes.post(ANN.id(), text("only once"), "key-1"));
    assertThat(first.created()).isTrue();

    TweetWrites.Posted repeated = resultOf(writes.post(ANN.id(), text("only once"), "key-1"));
    assertThat(repeated).isEqualTo(new TweetWrites.Posted(first.tweet(), false));
    assertThat(store.storedTweets()).containsExactly(first.tweet());
    assertThat(events.acknowledged()).containsExactly(createdEventOf(first.tweet()));
  }

  @Test
  void aKeyUsedAgainWithADifferentTextIs409() {
    resultOf(writes.post(ANN.id(), text("the first text"), "key-1"));

    ApiException reused = errorOf(writes.post(ANN.id(), text("another text"), "key-1"));
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.code()).isEqualTo("idempotency_key_reused");
    assertThat(store.storedTweets()).hasSize(1);
  }

  @Test
  void keysAreEachAuthorsOwn() {
    Tweet anns = resultOf(writes.post(ANN.id(), text("same"), "key-1")).tweet();
    TweetWrites.Posted bens = resultOf(writes.post(BEN.id(), text("same"), "key-1"));
    assertThat(bens.created()).isTrue();
    assertThat(bens.tweet().id()).isNotEqualTo(anns.id());
  }

  @Test
  void aReplayPublishesTheEventOfATweetWhoseRequestDiedBeforePublishing() {
    Tweet orphan = storedButNeverPublished("key-1", "half posted");

    TweetWrites.Posted replayed = resultOf(writes.post(ANN.id(), text("half posted"), "key-1"));
    assertThat(replayed).isEqualTo(new TweetWrites.Posted(orphan, false));
    assertThat(events.acknowledged()).containsExactly(createdEventOf(orphan));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void aReplayWaitsForTheRequestPublishingItsTweetAndPostsItselfWhenThatRequestFails() throws InterruptedException {
    events.hold();
    Future<TweetWrites.Posted> first = writes.post(ANN.id(), text("hello"), "key-1");
    Future<TweetWrites.Posted> replay = writes.post(ANN.id(), text("hello"), "key-1");
    assertThat(replay.isComplete()).isFalse();

    events.failHeld();
    assertThat(errorOf(first).status()).isEqualTo(503);
    // The first request withdrew its tweet: the replay posts its own.
    TweetWrites.Posted posted = resultOf(settled(replay));
    assertThat(posted.created()).isTrue();
    Tweet tweet = posted.tweet();
    assertThat(store.storedTweets()).containsExactly(tweet);
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void aReplayWhileTheFirstRequestIsStillPublishingIs503AfterTheWait() throws InterruptedException {
    TweetWrites briefWaits = writes(BRIEF_REPLAY_WAIT_MILLIS);
    events.hold();
    Future<TweetWrites.Posted> first = briefWaits.post(ANN.id(), text("hello"), "key-1");

    assertThat(errorOf(settled(briefWaits.post(ANN.id(), text("hello"), "key-1"))).status()).isEqualTo(503);
    events.acknowledgeHeld();
    assertThat(resultOf(first).created()).isTrue();
    assertThat(events.acknowledged()).hasSize(1);
  }

  @Test
  void aReplayPostsItselfWhenTheRequestThatClaimedTheKeyNeverStoredItsTweet() throws InterruptedException {
    TweetWrites briefWaits = writes(BRIEF_REPLAY_WAIT_MILLIS);
    long neverStored = OTHER_PROCESS_IDS.next();
    assertThat(resultOf(store.claim(ANN.id(), "key-1", neverStored, TweetWrites.sha256("lost")))).isEmpty();

    TweetWrites.Posted retried = resultOf(settled(briefWaits.post(ANN.id(), text("lost"), "key-1")));
    assertThat(retried.created()).isTrue();
    assertThat(retried.tweet().id()).isNotEqualTo(neverStored);
    assertThat(store.storedTweets()).containsExactly(retried.tweet());
    assertThat(events.acknowledged()).containsExactly(createdEventOf(retried.tweet()));

    TweetWrites.Posted replayed = resultOf(briefWaits.post(ANN.id(), text("lost"), "key-1"));
    assertThat(replayed).isEqualTo(new TweetWrites.Posted(retried.tweet(), false));
  }

  @Test
  void aReplayOfADeletedTweetIs404() {
    Tweet tweet = resultOf(writes.post(ANN.id(), text("soon gone"), "key-1")).tweet();
    resultOf(writes.delete(ANN.id(), tweet.id()));

    ApiException gone = errorOf(writes.post(ANN.id(), text("soon gone"), "key-1"));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.code()).isEqualTo("tweet_deleted");
  }

  @Test
  void deletingMarksTheTweetDeletedAndAnswersOnceTheEventIsAcknowledged() {
    Tweet tweet = resultOf(writes.post(ANN.id(), text("hi @ben"), null)).tweet();
    events.hold();

    Future<Void> deleting = writes.delete(ANN.id(), tweet.id());
    assertThat(deleting.isComplete()).isFalse();
    assertThat(resultOf(store.tweet(tweet.id()))).isEmpty();
    assertThat(resultOf(store.removal(tweet.id()))).isEqualTo(Removal.DELETED);

    events.acknowledgeHeld();
    resultOf(deleting);
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet),
        new TweetDeleted(tweet.id(), ANN.id(), List.of(BEN.id())));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void deletingATweetThatDoesNotExistIs404() {
    ApiException missing = errorOf(writes.delete(ANN.id(), OTHER_PROCESS_IDS.next()));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("tweet_not_found");
  }

  @Test
  void deletingSomeoneElsesTweetIs403() {
    Tweet tweet = resultOf(writes.post(ANN.id(), text("mine"), null)).tweet();

    assertThat(errorOf(writes.delete(BEN.id(), tweet.id())).status()).isEqualTo(403);
    assertThat(resultOf(store.tweet(tweet.id()))).contains(tweet);
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
  }

  @Test
  void deletingWhileEventsCannotBePublishedIs503AndDeletesNothing() {
    Tweet tweet = resultOf(writes.post(ANN.id(), text("mine"), null)).tweet();
    events.disconnect();

    assertThat(errorOf(writes.delete(ANN.id(), tweet.id())).status()).isEqualTo(503);
    assertThat(resultOf(store.tweet(tweet.id()))).contains(tweet);
    assertThat(store.rows()).isEmpty();
  }
}
