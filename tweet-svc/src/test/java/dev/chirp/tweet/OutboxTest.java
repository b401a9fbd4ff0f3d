package dev.chirp.tweet;

import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.common.users.UserRef;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.chirp.tweet.Futures.errorOf;
import static dev.chirp.tweet.Futures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
  private static final int NODE = 5;
  private static final int OTHER_NODE = 9;
  private static final UserRef BEN = new UserRef(2, "ben");

  private final InMemoryTweetStore store = new InMemoryTweetStore();
  private final InMemoryEventSink events = new InMemoryEventSink();
  private final Outbox outbox = new Outbox(store, events, NODE);
  private final SnowflakeIds otherNodesIds = new SnowflakeIds(OTHER_NODE);

  private Tweet tweet() {
    long id = otherNodesIds.next();
    return new Tweet(id, 1, "ann", "hello @ben", SnowflakeIds.timeOf(id), List.of(BEN));
  }

  /** A created event whose row was stored by a request that died before publishing, its claim run out. */
  private UnpublishedEvent abandoned(Tweet tweet) {
    UnpublishedEvent event = Outbox.created(tweet, null);
    store.putRow(event);
    return event;
  }

  private static TweetCreated createdEventOf(Tweet tweet) {
    return new TweetCreated(tweet.id(), tweet.authorId(), tweet.createdAt(), List.of(BEN.id()));
  }

  @Test
  void aCreatedEventLivesAtItsTweetIdsNodeAndSecond() {
    Tweet tweet = tweet();
    UUID owner = UUID.randomUUID();
    UnpublishedEvent event = Outbox.created(tweet, owner);
    assertThat(event.nodeId()).isEqualTo(OTHER_NODE);
    assertThat(event.second()).isEqualTo(tweet.createdAt().getEpochSecond());
    assertThat(event.claimedBy()).isEqualTo(owner);
    assertThat(event.event()).isEqualTo(createdEventOf(tweet));

    resultOf(store.insert(tweet, event));
    assertThat(resultOf(outbox.createdEventOf(tweet.id()))).contains(event);
  }

  @Test
  void aDeletedEventLivesAtThisNodeAndTheSecondOfTheDeletionOwnedByItsWriter() {
    Tweet tweet = tweet();
    Instant now = tweet.createdAt().plusSeconds(3600);
    UnpublishedEvent event = outbox.deleted(tweet, now);
    assertThat(event.nodeId()).isEqualTo(NODE);
    assertThat(event.second()).isEqualTo(now.getEpochSecond());
    assertThat(event.claimedBy()).isNotNull();
    assertThat(event.event()).isEqualTo(new TweetDeleted(tweet.id(), tweet.authorId(), List.of(BEN.id())));
  }

  @Test
  void anAcknowledgedPublishOfAnOwnedRowDeletesIt() {
    Tweet tweet = tweet();
    UnpublishedEvent event = Outbox.created(tweet, UUID.randomUUID());
    resultOf(store.insert(tweet, event));

    resultOf(outbox.publishOwned(event));
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void anAcknowledgedPublishOfAClaimedRowDeletesIt() {
    Tweet tweet = tweet();
    UnpublishedEvent event = abandoned(tweet);

    assertThat(resultOf(outbox.claimAndPublish(event))).isTrue();
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void theRowIsClaimedWhileItsEventIsPublished() {
    UnpublishedEvent event = abandoned(tweet());
    events.hold();

    Future<Boolean> publishing = outbox.claimAndPublish(event);
    assertThat(publishing.isComplete()).isFalse();
    assertThat(store.rowOf(event).orElseThrow().claimedBy()).isNotNull();
    assertThat(resultOf(outbox.claimAndPublish(event))).as("a second publisher").isFalse();

    events.acknowledgeHeld();
    assertThat(resultOf(publishing)).isTrue();
    assertThat(events.acknowledged()).hasSize(1);
  }

  @Test
  void aFailedPublishOfAClaimedRowReleasesItSoARetryCanTakeIt() {
    Tweet tweet = tweet();
    UnpublishedEvent event = abandoned(tweet);
    events.failPublishes();

    assertThat(errorOf(outbox.claimAndPublish(event)).status()).isEqualTo(503);
    assertThat(store.rowOf(event)).contains(event);

    events.acknowledgePublishes();
    assertThat(resultOf(outbox.claimAndPublish(event))).isTrue();
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
    assertThat(store.rows()).isEmpty();
  }

  @Test
  void aFailedPublishOfAnOwnedRowReleasesItSoARetryCanTakeIt() {
    Tweet tweet = tweet();
    UnpublishedEvent event = Outbox.created(tweet, UUID.randomUUID());
    resultOf(store.insert(tweet, event));
    events.failPublishes();

    assertThat(errorOf(outbox.publishOwned(event)).status()).isEqualTo(503);
    assertThat(store.rowOf(event).orElseThrow().claimedBy()).isNull();

    events.acknowledgePublishes();
    assertThat(resultOf(outbox.claimAndPublish(event))).isTrue();
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
  }

  @Test
  void claimAndPublishIsFalseWhenSomeoneElseOwnsTheRow() {
    Tweet tweet = tweet();
    UUID owner = UUID.randomUUID();
    UnpublishedEvent owned = Outbox.created(tweet, owner);
    resultOf(store.insert(tweet, owned));

    assertThat(resultOf(outbox.claimAndPublish(owned.claimedBy(null)))).isFalse();
    assertThat(events.acknowledged()).isEmpty();
    assertThat(store.rowOf(owned).orElseThrow().claimedBy()).isEqualTo(owner);
  }

  @Test
  void claimAndPublishIsFalseWhenTheEventWasPublishedMeanwhile() {
    UnpublishedEvent event = abandoned(tweet());
    assertThat(resultOf(outbox.claimAndPublish(event))).isTrue();

    assertThat(resultOf(outbox.claimAndPublish(event))).isFalse();
    assertThat(events.acknowledged()).hasSize(1);
  }

  @Test
  void anAcknowledgedEventCountsEvenWhenItsRowCannotBeDeleted() {
    Tweet tweet = tweet();
    UnpublishedEvent event = abandoned(tweet);
    store.failRowDeletes();

    assertThat(resultOf(outbox.claimAndPublish(event))).isTrue();
    assertThat(events.acknowledged()).containsExactly(createdEventOf(tweet));
    assertThat(store.rowOf(event)).as("left for the sweeper to publish once more").isPresent();
  }

  @Test
  void eventsCanBePublishedOnlyWhileConnected() {
    assertThat(outbox.canPublish()).isTrue();
    events.disconnect();
    assertThat(outbox.canPublish()).isFalse();
  }
}
