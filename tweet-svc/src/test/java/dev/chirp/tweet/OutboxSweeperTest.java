package dev.chirp.tweet;

import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static dev.chirp.tweet.Futures.errorOf;
import static dev.chirp.tweet.Futures.resultOf;
import static dev.chirp.tweet.OutboxSweeper.MAX_SECONDS_PER_SWEEP;
import static org.assertj.core.api.Assertions.assertThat;

class OutboxSweeperTest {
  private static final int NODE = 3;
  private static final long GRACE = 10;
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final long START_SECOND = START.getEpochSecond();

  private final InMemoryTweetStore store = new InMemoryTweetStore();
  private final InMemoryEventSink events = new InMemoryEventSink();
  private final SettableClock clock = new SettableClock(START);
  private long lastTweetId;

  /** A clock the test moves. */
  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advanceSeconds(long seconds) {
      now = now.plusSeconds(seconds);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private OutboxSweeper sweeper(long graceSeconds) {
    return sweeper(graceSeconds, 0);
  }

  private OutboxSweeper sweeper(long graceSeconds, long restartLookbackSeconds) {
    return new OutboxSweeper(store, store, outbox(graceSeconds), NODE, graceSeconds, restartLookbackSeconds, clock);
  }

  private Outbox outbox(long graceSeconds) {
    return new Outbox(store, events, NODE, clock, graceSeconds);
  }

  /** An event stored in this node's outbox at {@code second}, left there by a request that died before publishing. */
  private UnpublishedEvent rowAt(long second) {
    UnpublishedEvent event = new UnpublishedEvent(NODE, second, ++lastTweetId, UnpublishedEvent.CREATED, 1,
        Instant.ofEpochSecond(second), List.of(), null);
    store.putRow(event);
    return event;
  }

  /** An event at {@code second} that a live request is publishing right now. */
  private UnpublishedEvent claimedRowAt(long second) {
    UnpublishedEvent event = rowAt(second).claimedBy(UUID.randomUUID());
    store.putRow(event);
    return event;
  }

  private List<Long> publishedTweetIds() {
    return events.acknowledged().stream().map(TweetCreated.class::cast).map(TweetCreated::tweetId).toList();
  }

  private static void sweep(OutboxSweeper sweeper) {
    resultOf(sweeper.sweep());
  }

  @Test
  void aSecondIsReadOnlyOnceAllOfItIsGraceSecondsOld() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent old = rowAt(START_SECOND - GRACE - 1);
    UnpublishedEvent young = rowAt(START_SECOND - GRACE);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(old.tweetId());

    clock.advanceSeconds(1);
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(old.tweetId(), young.tweetId());
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void rowsFoundAreClaimedWhilePublishedAndDeletedOnceAcknowledged() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent row = rowAt(START_SECOND - 30);
    events.hold();

    Future<Integer> pass = sweeper.sweep();
    assertThat(store.rowOf(row).orElseThrow().claimedBy()).isNotNull();
    events.acknowledgeHeld();
    resultOf(pass);
    assertThat(publishedTweetIds()).containsExactly(row.tweetId());
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void rowsSomeoneIsPublishingAreLeftToThem() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent claimed = claimedRowAt(START_SECOND - 30);
    UnpublishedEvent unclaimed = rowAt(START_SECOND - 30);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(unclaimed.tweetId());
    assertThat(store.rowOf(claimed)).contains(claimed);
    assertThat(store.claimsTriedOn(claimed)).as("claims tried").isZero();
  }

  @Test
  void aSecondStillHoldingRowsIsReadAgainAndHoldsTheCursorBack() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent claimed = claimedRowAt(START_SECOND - 30);

    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - 30);

    store.expireClaims();
    clock.advanceSeconds(5);
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(claimed.tweetId());
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND + 5 - GRACE);
  }

  @Test
  void aSecondWhoseReadFailedIsReadAgainAndHoldsTheCursorBack() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent row = rowAt(START_SECOND - 30);
    store.failNextReadAt(START_SECOND - 30);

    sweep(sweeper);
    assertThat(publishedTweetIds()).isEmpty();
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - 30);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(row.tweetId());
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - GRACE);
  }

  @Test
  void aSecondWhosePublishFailedIsReadAgain() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent row = rowAt(START_SECOND - 30);
    events.failPublishes();

    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - 30);

    events.acknowledgePublishes();
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(row.tweetId());
  }

  @Test
  void theCursorSavedIsTheFirstSecondStillHoldingRowsOrTheEnd() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent first = claimedRowAt(START_SECOND - 40);
    UnpublishedEvent second = claimedRowAt(START_SECOND - 20);

    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - 40);

    store.expireClaimOf(first);
    sweep(sweeper);
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - 20);

    store.expireClaimOf(second);
    sweep(sweeper);
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - GRACE);
    assertThat(publishedTweetIds()).containsExactly(first.tweetId(), second.tweetId());
  }

  @Test
  void aNodeThatNeverSweptStartsAMinuteBackWhenTheGraceIsShorter() {
    OutboxSweeper sweeper = sweeper(GRACE);
    rowAt(START_SECOND - OutboxSweeper.FIRST_LOOKBACK_SECONDS - 1);
    UnpublishedEvent inLookback = rowAt(START_SECOND - OutboxSweeper.FIRST_LOOKBACK_SECONDS);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(inLookback.tweetId());
  }

  @Test
  void aNodeThatNeverSweptStartsTheGraceBackWhenTheGraceIsLonger() {
    long grace = 120;
    OutboxSweeper sweeper = sweeper(grace);
    rowAt(START_SECOND - grace - 1);
    UnpublishedEvent atStart = rowAt(START_SECOND - grace);

    sweep(sweeper);
    clock.advanceSeconds(1);
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(atStart.tweetId());
  }

  @Test
  void aNodeResumesAtItsSavedCursor() {
    resultOf(store.save(NODE, START_SECOND - 500));
    OutboxSweeper sweeper = sweeper(GRACE);
    rowAt(START_SECOND - 501);
    UnpublishedEvent atCursor = rowAt(START_SECOND - 500);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(atCursor.tweetId());
  }

  @Test
  void aRowGivenBackInASecondAlreadySweptIsRefiledAndPublished() {
    OutboxSweeper sweeper = sweeper(GRACE);
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - GRACE);
    // A write that landed after the sweeper read its second (a slow coordinator), whose publish then failed.
    UnpublishedEvent late = rowAt(START_SECOND - 30).claimedBy(UUID.randomUUID());
    store.putRow(late);
    events.failPublishes();
    assertThat(errorOf(outbox(GRACE).publishOwned(late)).status()).isEqualTo(503);
    events.acknowledgePublishes();

    clock.advanceSeconds(GRACE + 1);
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(late.tweetId());
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void aRowGivenBackInASecondNotYetSweptStaysWhereItIs() {
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent young = rowAt(START_SECOND - 1).claimedBy(UUID.randomUUID());
    store.putRow(young);
    events.failPublishes();
    assertThat(errorOf(outbox(GRACE).publishOwned(young)).status()).isEqualTo(503);
    assertThat(store.rowOf(young)).contains(young.claimedBy(null));
    events.acknowledgePublishes();

    clock.advanceSeconds(GRACE + 1);
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(young.tweetId());
  }

  @Test
  void aStartingSweeperRereadsTheLookBackBehindItsSavedCursor() {
    resultOf(store.save(NODE, START_SECOND - 100));
    // Landed after the second before the cursor was read, and its process died.
    UnpublishedEvent late = rowAt(START_SECOND - 130);
    rowAt(START_SECOND - 161);

    sweep(sweeper(GRACE, 60));
    assertThat(publishedTweetIds()).containsExactly(late.tweetId());
  }

  @Test
  void catchingUpReadsAtMostMaxSecondsPerSweep() {
    long cursor = START_SECOND - 2L * MAX_SECONDS_PER_SWEEP;
    resultOf(store.save(NODE, cursor));
    OutboxSweeper sweeper = sweeper(GRACE);
    UnpublishedEvent lastOfFirstSweep = rowAt(cursor + MAX_SECONDS_PER_SWEEP - 1);
    UnpublishedEvent firstOfSecondSweep = rowAt(cursor + MAX_SECONDS_PER_SWEEP);

    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(lastOfFirstSweep.tweetId());
    sweep(sweeper);
    assertThat(publishedTweetIds()).containsExactly(lastOfFirstSweep.tweetId(), firstOfSecondSweep.tweetId());
  }

  @Test
  void catchingUpMovesTheCursorAtMostMaxSecondsPerSweep() {
    long cursor = START_SECOND - 2L * MAX_SECONDS_PER_SWEEP - 100;
    resultOf(store.save(NODE, cursor));
    OutboxSweeper sweeper = sweeper(GRACE);

    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(cursor + MAX_SECONDS_PER_SWEEP);
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(cursor + 2L * MAX_SECONDS_PER_SWEEP);
    sweep(sweeper);
    assertThat(store.cursorOf(NODE)).contains(START_SECOND - GRACE);
  }
}
