package dev.chirp.tweet;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.users.UserRef;
import dev.chirp.common.http.Observability;
import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetReader;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetImporter;
import dev.chirp.store.tweets.TweetWriter;
import dev.chirp.store.tweets.UnpublishedEvent;
import dev.chirp.it.HttpCalls;
import dev.chirp.it.OpenApiRoutes;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.chirp.it.HttpCalls.assertError;
import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * tweet-svc over HTTP against real Cassandra, Pulsar and Neo4j. In tweet-svc's package: some tests write the
 * store's outbox directly, to leave the state a process dying between the Cassandra write and the publish leaves.
 */
@ExtendWith(ChirpEngines.class)
class TweetServiceIT {
  private static final SnowflakeIds USER_IDS = new SnowflakeIds(901);
  private static Vertx vertx;
  private static ChirpConfig config;
  private static ServiceMain.Deployed service;
  private static HttpCalls http;
  private static JwtTokens tokens;
  private static Driver neo4j;
  private static GraphLoader graph;
  private static TweetWriter store;
  private static TweetReader reader;
  private static TweetImporter importer;
  private static PulsarClient pulsar;
  private static Consumer<byte[]> tweetEvents;

  @BeforeAll
  static void deploy(TestEngines engines) throws Exception {
    vertx = Observability.newVertx();
    // Quick sweeps, so a test sees an abandoned event published within seconds.
    config = await(engines.config(vertx, "tweet-svc.json")).with(Map.of(
        "outbox.grace-seconds", "8", "outbox.sweep-interval-ms", "200", "outbox.claim-seconds", "2",
        // Quick adoption too: a node silent for 3 s counts as stopped for good.
        "outbox.adopt-after-seconds", "3", "outbox.adopt-check-ms", "500"));
    pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
    tweetEvents = pulsar.newConsumer(Schema.BYTES).topic(config.string("pulsar.tweet-topic")).subscriptionName("it")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
    service = await(ServiceMain.deploy(vertx, TweetServiceWiring.open(vertx, config)));
    http = new HttpCalls(vertx, config.integer("http.port"));
    tokens = JwtTokens.issuerFromConfig(vertx, config);
    neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri());
    graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
    store = new TweetWriter(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext(), 2);
    await(store.ready());
    importer = new TweetImporter(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
    await(importer.ready());
    reader = new TweetReader(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
  }

  @AfterAll
  static void close() throws Exception {
    tweetEvents.close();
    pulsar.close();
    neo4j.close();
    await(vertx.close());
  }

  record Account(long id, String handle, String token) {
  }

  private static Account user(String base) {
    long id = USER_IDS.next();
    String handle = base + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 30), 36);
    await(graph.users(List.of(Map.of("id", id, "handle", handle)), Instant.now()));
    return new Account(id, handle, tokens.issue(id, 3600));
  }

  private static HttpResponse<Buffer> post(Account author, String text) {
    return http.send(HttpMethod.POST, "/api/v1/tweets", author.token(), new JsonObject().put("text", text));
  }

  private static HttpResponse<Buffer> post(Account author, String text, String key) {
    return await(http.request(HttpMethod.POST, "/api/v1/tweets", author.token()).putHeader("Idempotency-Key", key)
        .sendJsonObject(new JsonObject().put("text", text)));
  }

  private static JsonObject posted(Account author, String text) {
    HttpResponse<Buffer> response = post(author, text);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static List<String> authorTweetIds(long authorId, String query) {
    HttpResponse<Buffer> page = http.get("/api/v1/users/" + authorId + "/tweets" + query);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("tweets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  /** The next event on the tweet topic keyed by {@code authorId} (other tests share the topic). */
  private static ChirpEvent nextEventOf(long authorId) throws Exception {
    while (true) {
      Message<byte[]> message = tweetEvents.receive(30, TimeUnit.SECONDS);
      assertThat(message).as("an event of author %d", authorId).isNotNull();
      tweetEvents.acknowledge(message);
      if (message.getKey().equals(Long.toString(authorId))) return ChirpEvent.fromBytes(message.getValue());
    }
  }

  /** Posts a fresh tweet and checks it is the author's next event: no duplicate of an earlier one came between. */
  private static void assertNoFurtherEventsBeforeANewPost(Account author) throws Exception {
    long marker = Long.parseLong(posted(author, "marker " + UUID.randomUUID()).getString("id"));
    assertThat(nextEventOf(author.id())).isInstanceOf(TweetCreated.class)
        .extracting(e -> ((TweetCreated) e).tweetId()).isEqualTo(marker);
  }

  @Test
  void postGetAndDeleteRoundTrip() throws Exception {
    Account ann = user("ann");
    Account ben = user("ben");
    HttpResponse<Buffer> created = post(ann, "hello, world");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject tweet = created.bodyAsJsonObject();
    String id = tweet.getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/tweets/" + id);
    assertThat(tweet.getString("author_id")).isEqualTo(Long.toString(ann.id()));
    assertThat(tweet.getString("author_handle")).isEqualTo(ann.handle());
    assertThat(tweet.getString("text")).isEqualTo("hello, world");
    assertThat(tweet.getJsonArray("mentions")).isEmpty();
    assertThat(Instant.parse(tweet.getString("created_at"))).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
        60, java.time.temporal.ChronoUnit.SECONDS));
    assertThat(nextEventOf(ann.id())).isEqualTo(new TweetCreated(Long.parseLong(id), ann.id(),
        Instant.parse(tweet.getString("created_at")), List.of()));

    HttpResponse<Buffer> read = http.get("/api/v1/tweets/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject()).isEqualTo(tweet);
    assertThat(authorTweetIds(ann.id(), "")).containsExactly(id);

    assertError(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + id, ben.token()), 403, "forbidden");
    assertThat(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + id, ann.token()).statusCode()).isEqualTo(204);
    assertThat(nextEventOf(ann.id())).isEqualTo(new TweetDeleted(Long.parseLong(id), ann.id(), List.of()));
    assertError(http.get("/api/v1/tweets/" + id), 404, "tweet_not_found");
    assertThat(authorTweetIds(ann.id(), "")).isEmpty();
    assertError(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + id, ann.token()), 404, "tweet_not_found");
    assertNoFurtherEventsBeforeANewPost(ann);
  }

  @Test
  void textIsCountedInCodePointsAfterNormalisation() {
    Account cat = user("cat");
    String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 chars
    assertThat(post(cat, emoji.repeat(280)).statusCode()).isEqualTo(201);
    assertError(post(cat, emoji.repeat(281)), 400, "invalid_text");
    // e + combining acute accent is two code points, one after NFC.
    JsonObject composed = posted(cat, "e\u0301".repeat(280));
    assertThat(composed.getString("text")).isEqualTo("\u00e9".repeat(280));
    assertError(post(cat, "e\u0301".repeat(281)), 400, "invalid_text");
    assertThat(post(cat, "two\nlines").statusCode()).isEqualTo(201);
    assertError(post(cat, "bell\u0007"), 400, "invalid_text");
    assertError(post(cat, ""), 400, "invalid_text");
    assertError(post(cat, "   "), 400, "invalid_text");
    assertError(http.send(HttpMethod.POST, "/api/v1/tweets", cat.token(), new JsonObject().put("text", 42)), 400, "invalid_text");
    assertError(await(http.request(HttpMethod.POST, "/api/v1/tweets", cat.token()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{not json"))), 400, "malformed_json");
  }

  @Test
  void mentionsOfExistingUsersAreResolved() throws Exception {
    Account dan = user("dan");
    Account eve = user("eve");
    Account fay = user("fay");
    String text = "hi @" + eve.handle().toUpperCase() + ", @" + fay.handle() + " and @nobody_" + eve.handle() + " (again @" + eve.handle() + ")";
    JsonObject tweet = posted(dan, text);
    assertThat(tweet.getString("text")).isEqualTo(text);
    assertThat(tweet.getJsonArray("mentions")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("handle", eve.handle()).put("user_id", Long.toString(eve.id())))
        .add(new JsonObject().put("handle", fay.handle()).put("user_id", Long.toString(fay.id()))));
    ChirpEvent event = nextEventOf(dan.id());
    assertThat(((TweetCreated) event).mentionIds()).containsExactly(eve.id(), fay.id());
    assertThat(http.get("/api/v1/tweets/" + tweet.getString("id")).bodyAsJsonObject()).isEqualTo(tweet);
    long id = Long.parseLong(tweet.getString("id"));
    assertThat(await(reader.mentionIds(eve.id(), Long.MAX_VALUE, 10))).containsExactly(id);
    assertThat(await(reader.mentionIds(fay.id(), Long.MAX_VALUE, 10))).containsExactly(id);

    assertThat(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + id, dan.token()).statusCode()).isEqualTo(204);
    assertThat(await(reader.mentionIds(eve.id(), Long.MAX_VALUE, 10))).isEmpty();
  }

  @Test
  void userTimelinePagesAcrossMonthsNewestFirstWithEveryTweetOnce() {
    Account gus = user("gus");
    // Tweets on both sides of two month boundaries and one in an older month, as an import would store them.
    List<Instant> times = List.of(Instant.parse("2026-07-15T10:00:00Z"),
        Instant.parse("2026-08-31T23:59:59.998Z"), Instant.parse("2026-08-31T23:59:59.999Z"),
        Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-09-30T23:59:59.999Z"),
        Instant.parse("2026-10-01T00:00:00.001Z"), Instant.parse("2026-10-01T00:00:00.002Z"));
    List<String> expected = new ArrayList<>();
    for (Instant time : times) {
      long id = SnowflakeIds.firstIdAt(time) + 7;
      await(importer.importTweet(new Tweet(id, gus.id(), gus.handle(), "at " + time, time, List.of())));
      expected.add(0, Long.toString(id));
    }
    String posted = posted(gus, "and one now").getString("id");
    expected.add(0, posted);

    List<String> seen = new ArrayList<>();
    String query = "?limit=3";
    while (true) {
      HttpResponse<Buffer> response = http.get("/api/v1/users/" + gus.id() + "/tweets" + query);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("tweets").forEach(t -> seen.add(((JsonObject) t).getString("id")));
      assertThat(page.getJsonArray("tweets").size()).isLessThanOrEqualTo(3);
      String next = page.getString("next_max_id");
      if (next == null) break;
      query = "?limit=3&max_id=" + next;
    }
    assertThat(seen).isEqualTo(expected);
    assertThat(authorTweetIds(gus.id(), "?limit=100")).isEqualTo(expected);
    assertThat(authorTweetIds(gus.id(), "?max_id=" + expected.get(4))).isEqualTo(expected.subList(5, expected.size()));
  }

  @Test
  void twentyConcurrentPostsWithOneKeyMakeOneTweetAndOneEvent() throws Exception {
    Account hal = user("hal");
    String key = "key-" + UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(http.request(HttpMethod.POST, "/api/v1/tweets", hal.token()).putHeader("Idempotency-Key", key)
          .sendJsonObject(new JsonObject().put("text", "only once")));
    }
    await(Future.all(requests));
    Set<String> ids = new TreeSet<>();
    int created = 0;
    for (Future<HttpResponse<Buffer>> request : requests) {
      HttpResponse<Buffer> response = request.result();
      assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
      if (response.statusCode() == 201) created++;
      else assertThat(response.getHeader("Idempotent-Replayed")).isEqualTo("true");
      ids.add(response.bodyAsJsonObject().getString("id"));
    }
    assertThat(created).isEqualTo(1);
    assertThat(ids).hasSize(1);
    assertThat(authorTweetIds(hal.id(), "")).containsExactlyElementsOf(ids);
    assertThat(nextEventOf(hal.id())).isInstanceOf(TweetCreated.class)
        .extracting(e -> Long.toString(((TweetCreated) e).tweetId())).isEqualTo(ids.iterator().next());
    assertNoFurtherEventsBeforeANewPost(hal);

    HttpResponse<Buffer> replay = post(hal, "only once", key);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.bodyAsJsonObject().getString("id")).isEqualTo(ids.iterator().next());
    assertError(post(hal, "a different text", key), 409, "idempotency_key_reused");
  }

  @Test
  void withPulsarDownAPostIs503AndARetryWithTheKeyPostsOnce() throws Exception {
    Account ida = user("ida");
    String kept = posted(ida, "before the outage").getString("id");
    assertThat(nextEventOf(ida.id())).isInstanceOf(TweetCreated.class);
    int cutOffPort = TestEngines.freePort();
    ServiceMain.Deployed cutOff = await(ServiceMain.deploy(vertx, TweetServiceWiring.open(vertx, config.with(Map.of(
        "http.port", Integer.toString(cutOffPort), "node.index", "77", "pulsar.service-url", "pulsar://127.0.0.1:" + TestEngines.freePort())))));
    try {
      HttpCalls isolated = new HttpCalls(vertx, cutOffPort);
      HttpResponse<Buffer> refused = await(isolated.request(HttpMethod.POST, "/api/v1/tweets", ida.token())
          .putHeader("Idempotency-Key", "retry-me").sendJsonObject(new JsonObject().put("text", "during the outage")));
      assertError(refused, 503, "service_unavailable");
      assertThat(refused.getHeader("Retry-After")).isNotBlank();
      assertError(isolated.send(HttpMethod.DELETE, "/api/v1/tweets/" + kept, ida.token()), 503, "service_unavailable");
      HttpResponse<Buffer> ready = isolated.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsString()).contains("pulsar");
    } finally {
      await(cutOff.undeploy(vertx));
    }
    assertThat(authorTweetIds(ida.id(), "")).containsExactly(kept);

    HttpResponse<Buffer> retried = post(ida, "during the outage", "retry-me");
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    String id = retried.bodyAsJsonObject().getString("id");
    assertThat(authorTweetIds(ida.id(), "")).containsExactly(id, kept);
    assertThat(nextEventOf(ida.id())).extracting(e -> ((TweetCreated) e).tweetId()).isEqualTo(Long.parseLong(id));
    assertNoFurtherEventsBeforeANewPost(ida);
  }

  @Test
  void aPostWhosePublishFailsAfterItsWriteIsWithdrawnAndARetryWithItsKeyPostsAnew() throws Exception {
    Account nia = user("nia");
    int port = TestEngines.freePort();
    // Pulsar is up (the post is not refused before the write) but every publish fails, as on a broker timeout.
    TweetServiceWiring failingWiring = TweetServiceWiring.open(vertx, config.with(Map.of(
        "http.port", Integer.toString(port), "node.index", "78")), sink -> new EventSink() {
          @Override
          public boolean connected() {
            return true;
          }

          @Override
          public Future<Void> publish(ChirpEvent event) {
            return Future.failedFuture(dev.chirp.common.error.ApiException.unavailable("pulsar", null));
          }
        });
    ServiceMain.Deployed failing = await(ServiceMain.deploy(vertx, failingWiring));
    try {
      // Cassandra's statements prepared, so the 503 below is the publish's and not a store not ready yet.
      await(failingWiring.ready());
      HttpResponse<Buffer> refused = await(new HttpCalls(vertx, port).request(HttpMethod.POST, "/api/v1/tweets", nia.token())
          .putHeader("Idempotency-Key", "withdrawn").sendJsonObject(new JsonObject().put("text", "never posted")));
      assertError(refused, 503, "service_unavailable");
    } finally {
      await(failing.undeploy(vertx));
    }
    long withdrawn = await(store.keyOwner(nia.id(), "withdrawn")).orElseThrow();
    // The 503 is true: no read shows the tweet, and no outbox row is left for a sweeper (node 78's outbox is adopted
    // within seconds now that its instance is gone).
    assertError(http.get("/api/v1/tweets/" + withdrawn), 404, "tweet_not_found");
    assertThat(authorTweetIds(nia.id(), "")).isEmpty();
    assertThat(await(outboxRowOf(withdrawn))).isEmpty();

    HttpResponse<Buffer> retried = post(nia, "never posted", "withdrawn");
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(retried.bodyAsJsonObject().getString("id"));
    assertThat(id).isNotEqualTo(withdrawn);
    assertThat(nextEventOf(nia.id())).extracting(e -> ((TweetCreated) e).tweetId()).isEqualTo(id);
    assertThat(authorTweetIds(nia.id(), "")).containsExactly(Long.toString(id));
    Thread.sleep(Duration.ofSeconds(config.longValue("outbox.grace-seconds") + 4).toMillis());
    assertNoFurtherEventsBeforeANewPost(nia);
  }

  /** The state a tweet-svc process leaves when it dies after its Cassandra write and before Pulsar acked. */
  private static Tweet storedButNeverPublished(Account author, Instant at, String text) {
    long id = SnowflakeIds.firstIdAt(at) + ThreadLocalRandom.current().nextInt(1, 4000);
    Tweet tweet = new Tweet(id, author.id(), author.handle(), text, SnowflakeIds.timeOf(id), List.<UserRef>of());
    await(store.insert(tweet, Outbox.created(tweet, UUID.randomUUID())));
    return tweet;
  }

  private static Future<java.util.Optional<UnpublishedEvent>> outboxRowOf(long tweetId) {
    return store.event(SnowflakeIds.nodeOf(tweetId), SnowflakeIds.timeOf(tweetId).getEpochSecond(), tweetId, UnpublishedEvent.CREATED);
  }

  @Test
  void aRetryCompletesAPostWhoseProcessDiedBeforePublishing() throws Exception {
    Account jon = user("jon");
    Tweet orphan = storedButNeverPublished(jon, Instant.now(), "half posted");
    assertThat(await(store.claimKey(jon.id(), "crashed", orphan.id(), TweetWrites.sha256("half posted")))).isEmpty();

    // The dead process's claim runs out after 2 s; the retry waits for that and then publishes itself.
    HttpResponse<Buffer> retried = post(jon, "half posted", "crashed");
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
    assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(Long.toString(orphan.id()));
    assertThat(nextEventOf(jon.id())).isEqualTo(new TweetCreated(orphan.id(), jon.id(), orphan.createdAt(), List.of()));
    assertThat(await(outboxRowOf(orphan.id()))).isEmpty();
    assertNoFurtherEventsBeforeANewPost(jon);
  }

  @Test
  void aRetryPostsWhenTheProcessThatClaimedTheKeyDiedBeforeWriting() throws Exception {
    Account max = user("max");
    long neverStored = SnowflakeIds.firstIdAt(Instant.now().minusSeconds(3600));
    assertThat(await(store.claimKey(max.id(), "died-early", neverStored, TweetWrites.sha256("lost")))).isEmpty();

    HttpResponse<Buffer> retried = post(max, "lost", "died-early");
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(retried.bodyAsJsonObject().getString("id"));
    assertThat(id).isNotEqualTo(neverStored);
    assertThat(nextEventOf(max.id())).extracting(e -> ((TweetCreated) e).tweetId()).isEqualTo(id);
    HttpResponse<Buffer> again = post(max, "lost", "died-early");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(Long.toString(id));
    assertThat(authorTweetIds(max.id(), "")).containsExactly(Long.toString(id));
    assertNoFurtherEventsBeforeANewPost(max);
  }

  @Test
  void theSweeperPublishesEventsNobodyRetried() throws Exception {
    Account kim = user("kim");
    Tweet orphan = storedButNeverPublished(kim, Instant.now().minusSeconds(5), "nobody retries me");
    assertThat(nextEventOf(kim.id())).isEqualTo(new TweetCreated(orphan.id(), kim.id(), orphan.createdAt(), List.of()));
    await().atMost(Duration.ofSeconds(20)).until(() -> await(outboxRowOf(orphan.id())).isEmpty());
    assertThat(http.get("/api/v1/tweets/" + orphan.id()).statusCode()).isEqualTo(200);
    assertNoFurtherEventsBeforeANewPost(kim);
  }

  @Test
  void clientErrorsGetTheEnvelope() {
    Account lea = user("lea");
    String tweet = posted(lea, "mine").getString("id");
    assertError(http.send(HttpMethod.POST, "/api/v1/tweets", null, new JsonObject().put("text", "x")), 401, "unauthorized");
    assertError(http.send(HttpMethod.POST, "/api/v1/tweets", "not-a-jwt", new JsonObject().put("text", "x")), 401, "unauthorized");
    assertError(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + tweet, null), 401, "unauthorized");
    assertError(http.send(HttpMethod.POST, "/api/v1/tweets", tokens.issue(USER_IDS.next(), 60), new JsonObject().put("text", "x")),
        401, "unauthorized");
    assertError(post(lea, "x", "spaces are not allowed"), 400, "invalid_idempotency_key");
    assertError(post(lea, "x", "k".repeat(65)), 400, "invalid_idempotency_key");
    assertError(http.get("/api/v1/tweets/abc"), 400, "invalid_id");
    assertError(http.get("/api/v1/tweets/-5"), 400, "invalid_id");
    assertError(http.get("/api/v1/tweets/99999999999999999999"), 400, "invalid_id");
    assertError(http.get("/api/v1/tweets/" + (Long.parseLong(tweet) + 1)), 404, "tweet_not_found");
    assertError(http.get("/api/v1/users/" + lea.id() + "/tweets?limit=0"), 400, "invalid_limit");
    assertError(http.get("/api/v1/users/" + lea.id() + "/tweets?limit=101"), 400, "invalid_limit");
    assertError(http.get("/api/v1/users/" + lea.id() + "/tweets?max_id=x"), 400, "invalid_max_id");
    assertError(http.get("/api/v1/users/" + USER_IDS.next() + "/tweets"), 404, "unknown_user");
    assertError(http.send(HttpMethod.DELETE, "/api/v1/tweets/" + (Long.parseLong(tweet) + 1), lea.token()), 404, "tweet_not_found");
    HttpResponse<Buffer> tooBig = await(http.request(HttpMethod.POST, "/api/v1/tweets", lea.token())
        .sendJsonObject(new JsonObject().put("text", "x".repeat(70_000))));
    assertError(tooBig, 413, "body_too_large");
  }

  @Test
  void anOutboxLeftByAnInstanceThatStoppedForGoodIsAdoptedAndItsEventPublished() throws Exception {
    Account kim = user("kim");
    int gone = NodeRange.TWEET_SVC.nodeId(200);
    Instant at = Instant.now().minusSeconds(30);
    long id = SnowflakeIds.firstIdAt(at) + ((long) gone << 12) + ThreadLocalRandom.current().nextInt(1, 4000);
    Tweet tweet = new Tweet(id, kim.id(), kim.handle(), "left behind by a scaled-down instance", SnowflakeIds.timeOf(id),
        List.<UserRef>of());
    await(store.insert(tweet, Outbox.created(tweet, UUID.randomUUID())));
    // The instance with that node id swept once, an hour ago, and is gone: nobody else reads its outbox partitions.
    await(store.initSweepCursor(gone, at.getEpochSecond() - 5));
    await(store.sweepHeartbeat(gone, Instant.now().minus(Duration.ofHours(1))));

    assertThat(nextEventOf(kim.id())).extracting(e -> ((TweetCreated) e).tweetId()).isEqualTo(id);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> await(outboxRowOf(id)).isEmpty());
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutes() {
    OpenApiRoutes.assertDocumentsExactly(vertx, http, service.verticle(HttpApiVerticle.class).router());
  }
}
