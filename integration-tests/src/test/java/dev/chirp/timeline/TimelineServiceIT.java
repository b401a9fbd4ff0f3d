package dev.chirp.timeline;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.common.users.UserRef;
import dev.chirp.common.http.Observability;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.CassandraConnection;
import dev.chirp.store.tweets.TweetImporter;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.it.HttpCalls;
import dev.chirp.it.OpenApiRoutes;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.chirp.it.HttpCalls.assertError;
import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * timeline-svc over HTTP against real Redis, Cassandra and Neo4j. The stores are filled through their owners'
 * stores' loading APIs (TweetImporter, GraphLoader) and the timeline writer, as the fan-out worker writes.
 */
@ExtendWith(ChirpEngines.class)
class TimelineServiceIT {
  private static final int CAP = 6;
  private static final SnowflakeIds IDS = new SnowflakeIds(904);
  private static Vertx vertx;
  private static ServiceMain.Deployed service;
  private static HttpCalls http;
  private static HttpCalls tweetSvc;
  private static JwtTokens tokens;
  private static Driver neo4j;
  private static GraphLoader graph;
  private static TweetImporter tweets;
  private static TimelineWriter timelines;
  private static TimelineReader timelineReader;
  private static TimelineLoader loader;
  private static Redis redis;
  private static String prefix;

  @BeforeAll
  static void deploy(TestEngines engines) throws Exception {
    vertx = Observability.newVertx();
    // A small cap, so paging past the cached entries is quick to reach.
    ChirpConfig config = await(engines.config(vertx, "timeline-svc.json")).with(Map.of("timeline.cap", Integer.toString(CAP),
        "timeline.brief-cache-ms", "200", "timeline.followees-cache-ms", "200"));
    service = await(ServiceMain.deploy(vertx, TimelineServiceWiring.open(vertx, config)));
    http = new HttpCalls(vertx, config.integer("http.port"));
    ChirpConfig tweetConfig = await(engines.config(vertx, "tweet-svc.json"));
    await(ServiceMain.deploy(vertx, dev.chirp.tweet.TweetServiceWiring.open(vertx, tweetConfig)));
    tweetSvc = new HttpCalls(vertx, tweetConfig.integer("http.port"));
    tokens = JwtTokens.issuerFromConfig(vertx, config);
    neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri());
    graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
    tweets = new TweetImporter(CassandraConnection.open(vertx, config).session(), vertx.getOrCreateContext());
    await(tweets.ready());
    redis = RedisConnection.open(vertx, config).redis();
    prefix = config.string("redis.key-prefix");
    timelines = new TimelineWriter(redis, prefix, CAP);
    timelineReader = new TimelineReader(redis, prefix, CAP);
    loader = new TimelineLoader(redis, prefix, CAP);
  }

  @AfterAll
  static void close() throws Exception {
    neo4j.close();
    await(vertx.close());
  }

  private static long user() {
    long id = IDS.next();
    await(graph.users(List.of(Map.of("id", id, "handle", "t" + Long.toString(id, 36))), Instant.now()));
    return id;
  }

  private static void follows(long follower, long... followees) {
    List<long[]> edges = new ArrayList<>();
    for (long followee : followees) edges.add(new long[] {follower, followee});
    await(graph.edges(edges, Instant.now()));
  }

  private static Tweet stored(long author, String text, long... mentioned) {
    long id = IDS.next();
    List<UserRef> mentions = new ArrayList<>();
    for (long user : mentioned) mentions.add(new UserRef(user, "t" + Long.toString(user, 36)));
    Tweet tweet = new Tweet(id, author, "t" + Long.toString(author, 36), text, SnowflakeIds.timeOf(id), mentions);
    await(tweets.importTweet(tweet));
    return tweet;
  }

  /** What the fan-out worker does for a tweet: its id into these users' timelines. */
  private static void fannedOut(Tweet tweet, long... readers) {
    await(timelines.push(tweet.id(), readers));
  }

  private static HttpResponse<Buffer> read(long user, String query) {
    return http.send(HttpMethod.GET, "/api/v1/users/" + user + "/home_timeline" + query, tokens.issue(user, 600));
  }

  private static List<String> ids(long user, String query) {
    HttpResponse<Buffer> response = read(user, query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("tweets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static List<String> all(long user, int limit) {
    List<String> seen = new ArrayList<>();
    String query = "?limit=" + limit;
    while (true) {
      HttpResponse<Buffer> response = read(user, query);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject page = response.bodyAsJsonObject();
      page.getJsonArray("tweets").forEach(t -> seen.add(((JsonObject) t).getString("id")));
      String next = page.getString("next_max_id");
      if (next == null) return seen;
      query = "?limit=" + limit + "&max_id=" + next;
    }
  }

  private static List<String> newestFirst(List<Tweet> list) {
    return list.stream().sorted(Comparator.comparingLong(Tweet::id).reversed()).map(t -> Long.toString(t.id())).toList();
  }

  @Test
  void aCachedTimelineIsServedHydratedNewestFirst() {
    long reader = user();
    long author = user();
    follows(reader, author);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    Tweet first = stored(author, "first");
    Tweet second = stored(author, "second");
    fannedOut(first, reader);
    fannedOut(second, reader);

    HttpResponse<Buffer> response = read(reader, "");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject page = response.bodyAsJsonObject();
    assertThat(page.getJsonArray("tweets").getJsonObject(0)).isEqualTo(second.toJson());
    assertThat(page.getJsonArray("tweets").getJsonObject(1)).isEqualTo(first.toJson());
    assertThat(page.getValue("next_max_id")).isNull();
    assertThat(ids(reader, "?limit=1")).containsExactly(Long.toString(second.id()));
    assertThat(ids(reader, "?max_id=" + second.id())).containsExactly(Long.toString(first.id()));
  }

  @Test
  void aDeletedTweetNeverAppearsEvenIfItsIdIsStillCached() {
    long reader = user();
    long author = user();
    follows(reader, author);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    Tweet kept = stored(author, "kept");
    fannedOut(kept, reader);
    long neverStoredOrDeleted = IDS.next();
    await(timelines.push(neverStoredOrDeleted, new long[] {reader}));
    assertThat(ids(reader, "")).containsExactly(Long.toString(kept.id()));
    // More such ids than a page reads ahead: the read goes on to the next slice of the cached timeline.
    for (int i = 0; i < 12; i++) await(timelines.push(IDS.next(), new long[] {reader}));
    assertThat(ids(reader, "?limit=1")).containsExactly(Long.toString(kept.id()));
  }

  @Test
  void aTweetDeletedAfterItWasReadIsGoneFromTheVeryNextRead() {
    long reader = user();
    long author = user();
    follows(reader, author);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    String authorToken = tokens.issue(author, 600);
    HttpResponse<Buffer> posted = tweetSvc.send(HttpMethod.POST, "/api/v1/tweets", authorToken, new JsonObject().put("text", "soon gone"));
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
    String id = posted.bodyAsJsonObject().getString("id");
    await(timelines.push(Long.parseLong(id), new long[] {reader}));
    assertThat(ids(reader, "")).containsExactly(id);

    assertThat(tweetSvc.send(HttpMethod.DELETE, "/api/v1/tweets/" + id, authorToken).statusCode()).isEqualTo(204);
    // The id is still in the cached timeline (no fan-out worker runs here) and the tweet was read a moment ago.
    assertThat(await(timelineReader.ids(reader))).contains(Long.parseLong(id));
    assertThat(ids(reader, "")).isEmpty();
  }

  @Test
  void aMissingTimelineIsRebuiltOnceForConcurrentReadsAndMarkedActive() {
    long reader = user();
    long a = user();
    long b = user();
    follows(reader, a, b);
    List<Tweet> written = new ArrayList<>();
    for (int i = 0; i < 4; i++) written.add(stored(i % 2 == 0 ? a : b, "t" + i));
    written.add(stored(reader, "my own"));
    double rebuildsBefore = rebuilds();

    List<Future<HttpResponse<Buffer>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      concurrent.add(http.request(HttpMethod.GET, "/api/v1/users/" + reader + "/home_timeline", tokens.issue(reader, 600)).send());
    }
    await(Future.all(concurrent));
    for (Future<HttpResponse<Buffer>> response : concurrent) {
      assertThat(response.result().statusCode()).isEqualTo(200);
      assertThat(response.result().bodyAsJsonObject().getJsonArray("tweets").stream()
          .map(t -> ((JsonObject) t).getString("id")).toList()).isEqualTo(newestFirst(written));
    }
    assertThat(rebuilds()).isEqualTo(rebuildsBefore + 1);
    assertThat(await(timelineReader.ids(reader))).hasSize(5);
    long ttl = await(redis.send(Request.cmd(Command.PTTL).arg(prefix + "tl:" + reader))).toLong();
    assertThat(ttl).isGreaterThan(Duration.ofDays(29).toMillis());
  }

  private static double rebuilds() {
    var timer = BackendRegistries.getDefaultNow().find("chirp_timeline_rebuild_seconds").timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void afterRedisLostEverythingTheTimelineIsRebuiltIdentically() {
    long reader = user();
    long a = user();
    follows(reader, a);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    long stranger = user();
    fannedOut(stored(a, "x0"), reader);
    fannedOut(stored(stranger, "not followed, but mentions the reader", reader), reader);
    for (int i = 1; i < 3; i++) fannedOut(stored(a, "x" + i), reader);
    List<String> before = ids(reader, "");
    await(redis.send(Request.cmd(Command.DEL).arg(prefix + "tl:" + reader)));
    assertThat(ids(reader, "")).hasSize(4).isEqualTo(before);
  }

  /**
   * Redis restarted from a snapshot older than the last writes: the timeline exists again, but it misses a tweet
   * fanned out after the snapshot and still holds one whose removal (an unfollow) came after it. The next read
   * rebuilds it to what the stores say, and the read after that is served from Redis again.
   */
  @Test
  void aTimelineRestoredFromAnOlderSnapshotIsRebuiltToWhatTheStoresSay() {
    long reader = user();
    long followed = user();
    long unfollowed = user();
    follows(reader, followed);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    Tweet kept = stored(followed, "in the snapshot");
    fannedOut(kept, reader);
    // In the snapshot; the reader unfollowed its author later (the graph no longer has the edge).
    fannedOut(stored(unfollowed, "of an author the reader no longer follows"), reader);
    // Fanned out after the snapshot: lost with Redis.
    Tweet missed = stored(followed, "after the snapshot");
    await(loader.restoredFromAnEarlierRun(reader));
    double rebuildsBefore = rebuilds();

    assertThat(ids(reader, "")).isEqualTo(newestFirst(List.of(kept, missed)));
    assertThat(await(timelineReader.ids(reader))).containsExactly(missed.id(), kept.id());
    assertThat(rebuilds()).isEqualTo(rebuildsBefore + 1);
    assertThat(ids(reader, "")).isEqualTo(newestFirst(List.of(kept, missed)));
    assertThat(rebuilds()).as("the rebuilt timeline is complete: served from Redis").isEqualTo(rebuildsBefore + 1);
  }

  @Test
  void celebritiesTweetsAreMergedInOrderWithoutDuplicates() {
    long reader = user();
    long regular = user();
    long celebrity = user();
    follows(reader, regular, celebrity);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    Tweet r1 = stored(regular, "r1");
    Tweet c1 = stored(celebrity, "c1 (fanned out before the author crossed the threshold)");
    Tweet r2 = stored(regular, "r2");
    Tweet c2 = stored(celebrity, "c2 (skipped)");
    fannedOut(r1, reader);
    fannedOut(c1, reader);
    fannedOut(r2, reader);
    await(timelines.markCelebrity(celebrity, c2.id()));
    // The list of celebrities is cached briefly (200 ms here).
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(ids(reader, "")).isEqualTo(newestFirst(List.of(r1, c1, r2, c2))));
  }

  @Test
  void pagingContinuesPastTheCachedEntries() {
    long reader = user();
    long a = user();
    follows(reader, a);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    long stranger = user();
    List<Tweet> written = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      // One of the oldest (beyond the cache) is a stranger's tweet mentioning the reader.
      Tweet tweet = i == 2 ? stored(stranger, "mentions the reader", reader) : stored(a, "n" + i);
      written.add(tweet);
      fannedOut(tweet, reader);
    }
    assertThat(await(timelineReader.ids(reader))).hasSize(CAP);
    assertThat(all(reader, 4)).isEqualTo(newestFirst(written));
  }

  /**
   * A Redis that refuses writes (here: too few replicas) still answers reads, so timelines are still served: a cached
   * one without renewing its expiry, a missing one built from the stores and served without being kept.
   */
  @Test
  void aRedisThatRefusesWritesStillServesTimelinesWithoutKeepingThem() {
    long reader = user();
    long newcomer = user();
    long author = user();
    follows(reader, author);
    follows(newcomer, author);
    await(timelines.activate(reader, Duration.ofMinutes(5)));
    Tweet before = stored(author, "before the outage");
    fannedOut(before, reader);
    String onlyBefore = Long.toString(before.id());
    assertThat(ids(reader, "")).containsExactly(onlyBefore);
    String readerKey = prefix + "tl:" + reader;
    await(redis.send(Request.cmd(Command.PEXPIRE).arg(readerKey).arg(60_000)));
    double unkeptBefore = unkeptRebuilds();

    await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("1")));
    try {
      assertThatThrownBy(() -> await(redis.send(Request.cmd(Command.SET).arg(prefix + "probe").arg("1"))))
          .as("Redis refuses writes").hasMessageContaining("NOREPLICAS");
      assertThat(ids(reader, "")).containsExactly(onlyBefore);
      assertThat(await(redis.send(Request.cmd(Command.PTTL).arg(readerKey))).toLong()).as("not renewed").isLessThanOrEqualTo(60_000);
      assertThat(ids(newcomer, "")).containsExactly(onlyBefore);
      assertThat(await(timelineReader.ids(newcomer))).as("built from the stores, not kept").isEmpty();
      assertThat(unkeptRebuilds()).isEqualTo(unkeptBefore + 1);
    } finally {
      await(redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("0")));
    }
    assertThat(ids(newcomer, "")).containsExactly(onlyBefore);
    assertThat(await(timelineReader.ids(newcomer))).as("kept once Redis takes writes").containsExactly(before.id());
    assertThat(ids(reader, "")).containsExactly(onlyBefore);
    assertThat(await(redis.send(Request.cmd(Command.PTTL).arg(readerKey))).toLong()).as("renewed").isGreaterThan(60_000);
  }

  private static double unkeptRebuilds() {
    var counter = BackendRegistries.getDefaultNow().find("chirp_timeline_unkept_rebuilds").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void onlyTheOwnerReadsAHomeTimelineAndBadInputIs400() {
    long reader = user();
    long other = user();
    assertError(http.send(HttpMethod.GET, "/api/v1/users/" + reader + "/home_timeline", null), 401, "unauthorized");
    assertError(http.send(HttpMethod.GET, "/api/v1/users/" + reader + "/home_timeline", tokens.issue(other, 60)), 403, "forbidden");
    assertError(read(reader, "?limit=0"), 400, "invalid_limit");
    assertError(read(reader, "?max_id=abc"), 400, "invalid_max_id");
    assertThat(ids(reader, "")).isEmpty();
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutes() {
    OpenApiRoutes.assertDocumentsExactly(vertx, http, service.verticle(HttpApiVerticle.class).router());
  }
}
