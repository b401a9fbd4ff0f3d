package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.common.users.UserRef;
import dev.chirp.common.http.Observability;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetImporter;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fan-out worker against real Pulsar, Neo4j, Redis and Cassandra: events in, home timelines out. */
@ExtendWith(ChirpEngines.class)
class FanoutWorkerIT {
  private static final int CELEBRITY_THRESHOLD = 5;
  /** Few, so that giving up too early would show within a second. */
  private static final int MAX_TRIES = 2;
  private static final SnowflakeIds IDS = new SnowflakeIds(902);
  private static Vertx vertx;
  private static ChirpConfig config;
  private static PulsarClient pulsar;
  private static Producer<byte[]> tweetEvents;
  private static Producer<byte[]> followEvents;
  private static Driver neo4j;
  private static GraphLoader graph;
  private static TweetImporter tweets;
  private static TimelineLoader timelines;
  private static TimelineReader timelineReader;
  private static io.vertx.redis.client.Redis redis;

  @BeforeAll
  static void deploy(TestEngines engines) throws Exception {
    vertx = Observability.newVertx();
    config = await(engines.config(vertx, "fanout-worker.json")).with(Map.of(
        "fanout.celebrity-threshold", Integer.toString(CELEBRITY_THRESHOLD), "fanout.follower-page", "2",
        "fanout.backlog-poll-ms", "200", "fanout.max-deliveries", Integer.toString(MAX_TRIES)));
    pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
    tweetEvents = producer(config.string("pulsar.tweet-topic"));
    followEvents = producer(config.string("pulsar.follow-topic"));
    neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri());
    graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
    tweets = new TweetImporter(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
    await(tweets.ready());
    redis = RedisConnection.open(vertx, config).redis();
    timelines = new TimelineLoader(redis, config.string("redis.key-prefix"), config.integer("timeline.cap"));
    timelineReader = new TimelineReader(redis, config.string("redis.key-prefix"), config.integer("timeline.cap"));
    await(ServiceMain.deploy(vertx, FanoutWorkerWiring.open(vertx, config)));
  }

  @AfterAll
  static void close() throws Exception {
    tweetEvents.close();
    followEvents.close();
    pulsar.close();
    neo4j.close();
    await(vertx.close());
  }

  private static Producer<byte[]> producer(String topic) throws Exception {
    return pulsar.newProducer(Schema.BYTES).topic(topic).batcherBuilder(BatcherBuilder.KEY_BASED).create();
  }

  private static void publish(ChirpEvent event) throws Exception {
    Producer<byte[]> producer = event instanceof Followed || event instanceof Unfollowed ? followEvents : tweetEvents;
    producer.newMessage().key(event.key()).value(event.toBytes()).send();
  }

  /** Users in the graph; {@code active} ones have a (so far empty) home timeline. */
  private static List<Long> users(int count, boolean active) {
    List<Long> ids = new ArrayList<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = IDS.next();
      ids.add(id);
      rows.add(Map.of("id", id, "handle", "f" + Long.toString(id, 36)));
    }
    await(graph.users(rows, Instant.now()));
    if (active) ids.forEach(id -> await(timelines.activate(id, Duration.ofDays(1))));
    return ids;
  }

  private static long user(boolean active) {
    return users(1, active).get(0);
  }

  private static void follow(List<Long> followers, long followee) {
    await(graph.edges(followers.stream().map(f -> new long[] {f, followee}).toList(), Instant.now()));
  }

  private static void unfollow(long follower, long followee) {
    neo4j.executableQuery("MATCH (:User {id: $follower})-[f:FOLLOWS]->(:User {id: $followee}) DELETE f")
        .withParameters(Map.of("follower", follower, "followee", followee)).execute();
  }

  private static List<Long> timeline(long user) {
    return await(timelineReader.ids(user));
  }

  private static TweetCreated tweet(long author, Long... mentions) {
    return new TweetCreated(IDS.next(), author, Instant.now(), List.of(mentions));
  }

  private static void awaitTimeline(long user, org.assertj.core.api.ThrowingConsumer<List<Long>> check) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> check.accept(timeline(user)));
  }

  @Test
  void aTweetReachesActiveFollowersTheAuthorAndMentionedUsersButNotInactiveOnes() throws Exception {
    long author = user(true);
    List<Long> active = users(2, true);
    long inactive = user(false);
    long mentioned = user(true);
    follow(List.of(active.get(0), active.get(1), inactive), author);

    TweetCreated tweet = tweet(author, mentioned);
    publish(tweet);
    for (long reader : List.of(active.get(0), active.get(1), author, mentioned)) {
      awaitTimeline(reader, ids -> assertThat(ids).containsExactly(tweet.tweetId()));
    }
    assertThat(timeline(inactive)).isEmpty();
    assertThat(await(timelineReader.memoryUsage(inactive))).isZero();
  }

  @Test
  void aTimelineKeepsTheNewest800InOrderWhateverOrderTheyArrive() throws Exception {
    long author = user(false);
    long reader = user(true);
    follow(List.of(reader), author);
    List<TweetCreated> all = new ArrayList<>();
    for (int i = 0; i < 801; i++) all.add(tweet(author));
    List<TweetCreated> arrival = new ArrayList<>(all);
    Collections.shuffle(arrival, new java.util.Random(7));
    for (TweetCreated tweet : arrival) tweetEvents.newMessage().key(tweet.key()).value(tweet.toBytes()).sendAsync();
    tweetEvents.flush();

    List<Long> newest = all.stream().map(TweetCreated::tweetId).sorted(Comparator.reverseOrder()).limit(800).toList();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(timeline(reader)).isEqualTo(newest));
  }

  @Test
  void theSameEventTwiceLeavesOneEntry() throws Exception {
    long author = user(false);
    long reader = user(true);
    follow(List.of(reader), author);
    TweetCreated tweet = tweet(author);
    publish(tweet);
    publish(tweet);
    TweetCreated later = tweet(author);
    publish(later);
    awaitTimeline(reader, ids -> assertThat(ids).containsExactly(later.tweetId(), tweet.tweetId()));
    publish(tweet);
    TweetCreated last = tweet(author);
    publish(last);
    awaitTimeline(reader, ids -> assertThat(ids).containsExactly(last.tweetId(), later.tweetId(), tweet.tweetId()));
  }

  private static List<Tweet> storedTweets(long author, int count, long mentionedUser) {
    List<Tweet> stored = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = IDS.next();
      List<UserRef> mentions = i == 1 ? List.of(new UserRef(mentionedUser, "m")) : List.of();
      Tweet tweet = new Tweet(id, author, "a", "tweet " + i, SnowflakeIds.timeOf(id), mentions);
      await(tweets.importTweet(tweet));
      stored.add(tweet);
    }
    return stored;
  }

  @Test
  void followMergesTheFolloweesTweetsInOrderAndUnfollowRemovesThemButMentions() throws Exception {
    long follower = user(true);
    long other = user(false);
    long followee = user(false);
    follow(List.of(follower), other);
    // Tweets of the followee interleave in time with one the follower already has.
    List<Tweet> before = storedTweets(followee, 2, follower);
    TweetCreated existing = tweet(other);
    publish(existing);
    awaitTimeline(follower, ids -> assertThat(ids).containsExactly(existing.tweetId()));
    List<Tweet> after = storedTweets(followee, 1, follower);

    follow(List.of(follower), followee);
    publish(new Followed(follower, followee));
    awaitTimeline(follower, ids -> assertThat(ids).containsExactly(after.get(0).id(), existing.tweetId(),
        before.get(1).id(), before.get(0).id()));

    unfollow(follower, followee);
    publish(new Unfollowed(follower, followee));
    // before.get(1) mentions the follower: it stays, as a mention.
    awaitTimeline(follower, ids -> assertThat(ids).containsExactly(existing.tweetId(), before.get(1).id()));
  }

  @Test
  void aNewFollowerGetsTheVeryNextTweetThoughTheFollowerListWasCached() throws Exception {
    long author = user(false);
    long first = user(true);
    follow(List.of(first), author);
    TweetCreated cachedWith = tweet(author);
    publish(cachedWith);
    awaitTimeline(first, ids -> assertThat(ids).containsExactly(cachedWith.tweetId()));

    long newcomer = user(true);
    Tweet older = storedTweets(author, 1, 0).get(0);
    follow(List.of(newcomer), author);
    publish(new Followed(newcomer, author));
    awaitTimeline(newcomer, ids -> assertThat(ids).containsExactly(older.id()));
    TweetCreated next = tweet(author);
    publish(next);
    awaitTimeline(newcomer, ids -> assertThat(ids).containsExactly(next.tweetId(), older.id()));
    awaitTimeline(first, ids -> assertThat(ids).containsExactly(next.tweetId(), cachedWith.tweetId()));
  }

  @Test
  void aDeletedTweetLeavesEveryTimelineItWasWrittenTo() throws Exception {
    long author = user(true);
    List<Long> readers = users(3, true);
    long mentioned = user(true);
    follow(readers, author);
    TweetCreated kept = tweet(author);
    TweetCreated deleted = tweet(author, mentioned);
    publish(kept);
    publish(deleted);
    awaitTimeline(mentioned, ids -> assertThat(ids).containsExactly(deleted.tweetId()));
    for (long reader : readers) awaitTimeline(reader, ids -> assertThat(ids).hasSize(2));

    publish(new TweetDeleted(deleted.tweetId(), author, List.of(mentioned)));
    for (long reader : readers) awaitTimeline(reader, ids -> assertThat(ids).containsExactly(kept.tweetId()));
    awaitTimeline(author, ids -> assertThat(ids).containsExactly(kept.tweetId()));
    awaitTimeline(mentioned, ids -> assertThat(ids).isEmpty());
    assertThat(await(timelineReader.memoryUsage(mentioned))).as("an emptied timeline stays: its user is still active").isPositive();
  }

  @Test
  void aCelebritysTweetIsNotFannedOutButRecorded() throws Exception {
    long celebrity = user(true);
    List<Long> fans = users(CELEBRITY_THRESHOLD + 1, true);
    follow(fans, celebrity);
    long small = user(false);
    follow(List.of(fans.get(0)), small);

    TweetCreated big = tweet(celebrity);
    publish(big);
    TweetCreated marker = tweet(small);
    publish(marker);
    awaitTimeline(celebrity, ids -> assertThat(ids).containsExactly(big.tweetId()));
    awaitTimeline(fans.get(0), ids -> assertThat(ids).containsExactly(marker.tweetId()));
    for (long fan : fans) assertThat(timeline(fan)).doesNotContain(big.tweetId());
    assertThat(await(timelineReader.celebrities())).containsEntry(celebrity, big.tweetId());
  }

  @Test
  void aPoisonEventIsDeadLetteredAtOnceWithWhyAndKeptForReplayAndLaterEventsStillFlow() throws Exception {
    long author = user(false);
    long reader = user(true);
    follow(List.of(reader), author);
    double deadBefore = metric("chirp_fanout_dead_letters");
    double triesBefore = events("unreadable", "failed");
    tweetEvents.newMessage().key(Long.toString(author)).property("origin", "it")
        .value("{\"type\":\"TweetCreated\",\"v\":1,\"tweet_id\":\"x\"}".getBytes(StandardCharsets.UTF_8)).send();
    await().atMost(Duration.ofSeconds(30)).until(() -> metric("chirp_fanout_dead_letters") == deadBefore + 1);
    assertThat(events("unreadable", "failed")).as("tried once: no retry can make it readable").isEqualTo(triesBefore + 1);
    // Subscribing from the latest message on: the dead letter is there only because the worker's own durable
    // subscription kept it from before it arrived.
    try (Consumer<byte[]> deadLetters = pulsar.newConsumer(Schema.BYTES).topic(DeadLetters.topic(config))
        .subscriptionName(DeadLetters.SUBSCRIPTION).subscriptionType(org.apache.pulsar.client.api.SubscriptionType.Shared)
        .subscriptionInitialPosition(SubscriptionInitialPosition.Latest).subscribe()) {
      Message<byte[]> dead = deadLetters.receive(30, TimeUnit.SECONDS);
      assertThat(dead).as("the poison event, kept by the dead-letter subscription").isNotNull();
      assertThat(new String(dead.getValue(), StandardCharsets.UTF_8)).contains("\"tweet_id\":\"x\"");
      assertThat(dead.getKey()).isEqualTo(Long.toString(author));
      assertThat(dead.getProperty("origin")).as("its own properties kept").isEqualTo("it");
      assertThat(dead.getProperty(DeadLetters.ORIGIN_TOPIC)).isEqualTo(config.string("pulsar.tweet-topic"));
      assertThat(dead.getProperty(DeadLetters.EVENT_TYPE)).isEqualTo("unreadable");
      assertThat(dead.getProperty(DeadLetters.ERROR)).contains("tweet_id");
      assertThat(dead.getProperty(DeadLetters.ATTEMPTS)).isEqualTo("1");
      assertThat(dead.getProperty(DeadLetters.ORIGIN_MESSAGE_ID)).isNotBlank();
      assertThat(Instant.parse(dead.getProperty(DeadLetters.DEAD_LETTERED_AT))).isBefore(Instant.now().plusSeconds(1));
      deadLetters.acknowledge(dead);
    }
    TweetCreated next = tweet(author);
    publish(next);
    awaitTimeline(reader, ids -> assertThat(ids).containsExactly(next.tweetId()));
  }

  @Test
  void eventsWaitOutARedisWriteOutageInOrderPerKeyAndNoneIsDeadLettered() throws Exception {
    long author = user(false);
    long reader = user(true);
    follow(List.of(reader), author);
    TweetCreated kept = tweet(author);
    TweetCreated deleted = tweet(author);
    double deadBefore = metric("chirp_fanout_dead_letters");
    await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("1")));
    try {
      publish(kept);
      publish(deleted);
      publish(new TweetDeleted(deleted.tweetId(), author, List.of()));
      await().atMost(Duration.ofSeconds(30)).until(() -> metric("chirp_fanout_waiting") == 1);
      // Far longer than MAX_TRIES tries take: an outage is waited out, never given up on.
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
          metric("chirp_fanout_waiting") == 1 && metric("chirp_fanout_dead_letters") == deadBefore);
    } finally {
      await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("0")));
    }
    awaitTimeline(reader, ids -> assertThat(ids).as("the deletion applied after its creation").containsExactly(kept.tweetId()));
    await().atMost(Duration.ofSeconds(30)).until(() -> metric("chirp_fanout_waiting") == 0);
    assertThat(metric("chirp_fanout_dead_letters")).isEqualTo(deadBefore);
  }

  private static double metric(String name) {
    var meter = BackendRegistries.getDefaultNow().find(name).meter();
    if (meter == null) return 0;
    return meter.measure().iterator().next().getValue();
  }

  private static double events(String type, String outcome) {
    var counter = BackendRegistries.getDefaultNow().find("chirp_fanout_events").tag("type", type).tag("outcome", outcome)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void metricsShowDeliveryLatency() throws Exception {
    long author = user(false);
    long reader = user(true);
    follow(List.of(reader), author);
    TweetCreated tweet = tweet(author);
    publish(tweet);
    awaitTimeline(reader, ids -> assertThat(ids).containsExactly(tweet.tweetId()));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(BackendRegistries.getDefaultNow().get("chirp_fanout_delivery_seconds").timer().count()).isPositive();
    });
  }
}
