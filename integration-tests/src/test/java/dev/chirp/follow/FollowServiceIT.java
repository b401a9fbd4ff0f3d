package dev.chirp.follow;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import dev.chirp.common.http.Observability;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.FollowGraphWriter;
import dev.chirp.store.graph.FollowGraphWriter.Outcome;
import dev.chirp.common.http.ServiceMain;
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
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.AfterAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.chirp.it.HttpCalls.assertError;
import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/** follow-svc over HTTP against real Neo4j and Pulsar. */
@ExtendWith(ChirpEngines.class)
class FollowServiceIT {
  private static Vertx vertx;
  private static HttpCalls http;
  private static ServiceMain.Deployed service;
  private static FollowServiceWiring wiring;
  private static ChirpConfig config;
  private static PulsarClient pulsar;
  private static Consumer<byte[]> followEvents;
  private static Driver neo4j;
  private static final String password = "correct horse battery";

  @BeforeAll
  static void deploy(TestEngines engines) throws Exception {
    vertx = Observability.newVertx();
    config = await(engines.config(vertx, "follow-svc.json"));
    pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
    followEvents = pulsar.newConsumer(Schema.BYTES).topic(config.string("pulsar.follow-topic")).subscriptionName("it")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
    wiring = FollowServiceWiring.open(vertx, config);
    service = await(ServiceMain.deploy(vertx, wiring));
    http = new HttpCalls(vertx, config.integer("http.port"));
    neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri());
  }

  @AfterAll
  static void close() throws Exception {
    followEvents.close();
    pulsar.close();
    neo4j.close();
    await(vertx.close());
  }

  record Account(long id, String handle, String token) {
  }

  private static String uniqueHandle(String base) {
    return base + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 30), 36);
  }

  private static Account signUp(String base) {
    String handle = uniqueHandle(base);
    HttpResponse<Buffer> created = http.send(HttpMethod.POST, "/api/v1/users", null,
        new JsonObject().put("handle", handle).put("password", password));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(created.bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> session = http.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("handle", handle).put("password", password));
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(200);
    return new Account(id, handle, session.bodyAsJsonObject().getString("token"));
  }

  private static HttpResponse<Buffer> follow(Account who, long target) {
    return http.send(HttpMethod.PUT, "/api/v1/users/" + who.id() + "/following/" + target, who.token());
  }

  private static HttpResponse<Buffer> unfollow(Account who, long target) {
    return http.send(HttpMethod.DELETE, "/api/v1/users/" + who.id() + "/following/" + target, who.token());
  }

  private static JsonObject profile(long id) {
    HttpResponse<Buffer> response = http.get("/api/v1/users/" + id);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** The next event on the follow topic whose follower is {@code followerId} (other tests share the topic). */
  private static ChirpEvent nextEventOf(long followerId) throws Exception {
    while (true) {
      Message<byte[]> message = followEvents.receive(30, TimeUnit.SECONDS);
      assertThat(message).as("an event for follower %d", followerId).isNotNull();
      followEvents.acknowledge(message);
      ChirpEvent event = ChirpEvent.fromBytes(message.getValue());
      if (message.getKey().equals(Long.toString(followerId))) return event;
    }
  }

  @Test
  void signUpSignInAndUseTheToken() {
    String handle = uniqueHandle("Alice");
    HttpResponse<Buffer> created = http.send(HttpMethod.POST, "/api/v1/users", null,
        new JsonObject().put("handle", handle).put("password", password));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject user = created.bodyAsJsonObject();
    assertThat(user.getString("handle")).isEqualTo(handle);
    assertThat(user.getString("id")).matches("[0-9]+");
    assertThat(user.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/users/" + user.getString("id"));
    assertThat(user.encode()).doesNotContain(password);

    HttpResponse<Buffer> session = http.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("handle", handle.toLowerCase()).put("password", password));
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.bodyAsJsonObject().getString("user_id")).isEqualTo(user.getString("id"));
    assertThat(Instant.parse(session.bodyAsJsonObject().getString("expires_at"))).isAfter(Instant.now());

    JsonObject byHandle = http.get("/api/v1/users/by-handle/" + handle.toUpperCase()).bodyAsJsonObject();
    assertThat(byHandle.getString("id")).isEqualTo(user.getString("id"));
    assertThat(byHandle.getString("handle")).isEqualTo(handle);
    assertThat(byHandle.getLong("followers_count")).isZero();

    Account bob = signUp("bob");
    long aliceId = Long.parseLong(user.getString("id"));
    Account alice = new Account(aliceId, handle, session.bodyAsJsonObject().getString("token"));
    assertThat(follow(alice, bob.id()).statusCode()).isEqualTo(204);
    assertThat(profile(bob.id()).getLong("followers_count")).isEqualTo(1);
  }

  @Test
  void passwordsAreStoredAsArgon2idHashesOnly() {
    Account carol = signUp("carol");
    try (Session session = neo4j.session()) {
      String stored = session.run("MATCH (u:User {id: $id}) RETURN u.password_hash AS h", Map.of("id", carol.id()))
          .single().get("h").asString();
      assertThat(stored).startsWith("$argon2id$v=19$").doesNotContain(password);
    }
  }

  @Test
  void aHandleIsTakenRegardlessOfLetterCase() {
    Account dave = signUp("dave");
    for (String variant : List.of(dave.handle(), dave.handle().toUpperCase())) {
      assertError(http.send(HttpMethod.POST, "/api/v1/users", null,
          new JsonObject().put("handle", variant).put("password", password)), 409, "handle_taken");
    }
  }

  @Test
  void badSignUpsAreFieldSpecific400s() {
    Map<JsonObject, String> cases = new HashMap<>();
    cases.put(new JsonObject().put("handle", "sixteen_chars_xx").put("password", password), "invalid_handle");
    cases.put(new JsonObject().put("handle", "bad-handle").put("password", password), "invalid_handle");
    cases.put(new JsonObject().put("handle", "").put("password", password), "invalid_handle");
    cases.put(new JsonObject().put("password", password), "invalid_handle");
    cases.put(new JsonObject().put("handle", 42).put("password", password), "invalid_handle");
    cases.put(new JsonObject().put("handle", uniqueHandle("e")).put("password", "1234567"), "invalid_password");
    cases.put(new JsonObject().put("handle", uniqueHandle("e")).put("password", "x".repeat(129)), "invalid_password");
    cases.put(new JsonObject().put("handle", uniqueHandle("e")), "invalid_password");
    cases.forEach((body, code) -> assertError(http.send(HttpMethod.POST, "/api/v1/users", null, body), 400, code));

    assertError(await(http.request(HttpMethod.POST, "/api/v1/users", null).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"handle\": \"x\","))), 400, "malformed_json");
    assertError(await(http.request(HttpMethod.POST, "/api/v1/users", null).sendBuffer(Buffer.buffer("[1,2]"))), 400, "invalid_body");
    assertError(await(http.request(HttpMethod.POST, "/api/v1/users", null).send()), 400, "invalid_body");
    String huge = new JsonObject().put("handle", "big").put("password", "p".repeat(70 * 1024)).encode();
    assertError(await(http.request(HttpMethod.POST, "/api/v1/users", null).sendBuffer(Buffer.buffer(huge))), 413, "body_too_large");
  }

  @Test
  void aPasswordOf128CharactersCountsEmojiOnce() {
    String emoji = "\uD83D\uDE00".repeat(128);
    HttpResponse<Buffer> created = http.send(HttpMethod.POST, "/api/v1/users", null,
        new JsonObject().put("handle", uniqueHandle("emo")).put("password", emoji));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  @Test
  void wrongCredentialsAre401() {
    Account erin = signUp("erin");
    assertError(http.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("handle", erin.handle()).put("password", "wrong password")), 401, "invalid_credentials");
    assertError(http.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("handle", uniqueHandle("nobody")).put("password", password)), 401, "invalid_credentials");
  }

  @Test
  void followAndUnfollowAreIdempotentAndEachRealChangePublishesOneEvent() throws Exception {
    Account frank = signUp("frank");
    Account grace = signUp("grace");
    assertThat(follow(frank, grace.id()).statusCode()).isEqualTo(204);
    assertThat(nextEventOf(frank.id())).isEqualTo(new Followed(frank.id(), grace.id()));
    assertThat(follow(frank, grace.id()).statusCode()).isEqualTo(204);
    assertThat(profile(grace.id()).getLong("followers_count")).isEqualTo(1);
    assertThat(profile(frank.id()).getLong("following_count")).isEqualTo(1);

    assertThat(unfollow(frank, grace.id()).statusCode()).isEqualTo(204);
    // The second follow changed nothing, so the next event of frank's is this unfollow, not another Followed.
    assertThat(nextEventOf(frank.id())).isEqualTo(new Unfollowed(frank.id(), grace.id()));
    assertThat(unfollow(frank, grace.id()).statusCode()).isEqualTo(204);
    assertThat(follow(frank, grace.id()).statusCode()).isEqualTo(204);
    assertThat(nextEventOf(frank.id())).isEqualTo(new Followed(frank.id(), grace.id()));
    assertThat(profile(grace.id()).getLong("followers_count")).isEqualTo(1);
    assertThat(edgesBetween(frank.id(), grace.id())).isEqualTo(1);
  }

  @Test
  void whoMayDoWhat() {
    Account heidi = signUp("heidi");
    Account ivan = signUp("ivan");
    String path = "/api/v1/users/" + heidi.id() + "/following/" + ivan.id();
    assertError(http.send(HttpMethod.PUT, path, null), 401, "unauthorized");
    assertError(http.send(HttpMethod.PUT, path, "not-a-token"), 401, "unauthorized");
    assertError(http.send(HttpMethod.PUT, path, ivan.token()), 403, "forbidden");
    assertError(http.send(HttpMethod.DELETE, path, ivan.token()), 403, "forbidden");
    assertError(follow(heidi, heidi.id()), 400, "cannot_follow_self");
    assertError(http.send(HttpMethod.PUT, "/api/v1/users/" + heidi.id() + "/following/abc", heidi.token()), 400, "invalid_id");
    assertError(follow(heidi, 999_999_999L), 404, "unknown_user");
    assertError(http.get("/api/v1/users/999999999"), 404, "unknown_user");
    assertError(http.get("/api/v1/users/nope"), 400, "invalid_id");
    assertError(http.get("/api/v1/users/by-handle/" + uniqueHandle("ghost")), 404, "unknown_user");
    assertError(http.get("/api/v1/users/999999999/followers"), 404, "unknown_user");
    assertError(http.get("/api/v1/users/" + ivan.id() + "/followers?limit=0"), 400, "invalid_limit");
    assertError(http.get("/api/v1/users/" + ivan.id() + "/followers?limit=101"), 400, "invalid_limit");
    assertError(http.get("/api/v1/users/" + ivan.id() + "/followers?cursor=bm9wZQ"), 400, "invalid_cursor");
    assertError(http.get("/api/v1/users/" + ivan.id() + "/followers?cursor=%%%"), 400, "malformed_request");
    assertThat(profile(ivan.id()).getLong("followers_count")).isZero();
  }

  @Test
  void pagingThroughAThousandFollowersReturnsEachOnceInOrder() {
    Account star = signUp("star");
    List<Map<String, Object>> users = new ArrayList<>();
    List<long[]> edges = new ArrayList<>();
    long base = star.id() + 1_000_000;
    for (int i = 0; i < 1000; i++) {
      users.add(Map.of("id", base + i, "handle", "fan" + star.id() % 100_000 + "_" + i));
      edges.add(new long[] {base + i, star.id()});
    }
    GraphLoader graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
    await(graph.users(users, Instant.now()).compose(v -> graph.edges(edges, Instant.now())));

    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<Buffer> page = http.get("/api/v1/users/" + star.id() + "/followers?limit=100"
          + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      JsonObject body = page.bodyAsJsonObject();
      body.getJsonArray("users").forEach(u -> seen.add(Long.parseLong(((JsonObject) u).getString("id"))));
      cursor = body.getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).hasSize(1000).doesNotHaveDuplicates().isSorted();
    assertThat(new LinkedHashSet<>(seen)).containsExactlyElementsOf(edges.stream().map(e -> e[0]).toList());
    assertThat(pages).isBetween(10, 11);
    assertThat(profile(star.id()).getLong("followers_count")).isEqualTo(1000);

    // The read adapter other services use streams the same followers in pages, each page handed over only
    // after the previous page's work finished.
    FollowGraphReader reader = new FollowGraphReader(neo4j, vertx.getOrCreateContext());
    List<Long> streamed = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger largestPage = new AtomicInteger();
    long count = await(reader.streamFollowerIds(star.id(), 128, ids -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      largestPage.accumulateAndGet(ids.length, Math::max);
      for (long id : ids) streamed.add(id);
      return vertx.timer(2).onComplete(t -> inFlight.decrementAndGet());
    }));
    assertThat(count).isEqualTo(1000);
    assertThat(streamed).hasSize(1000).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(seen);
    assertThat(largestPage.get()).isEqualTo(128);
    assertThat(maxInFlight.get()).isEqualTo(1);
    assertThat(await(reader.streamFollowerIds(base, 128, ids -> Future.succeededFuture()))).isZero();
    assertThat(await(reader.followeeIds(base))).containsExactly(star.id());
    assertThat(await(reader.usersByHandles(List.of(star.handle().toUpperCase(), star.handle(), uniqueHandle("nobody")))))
        .containsExactly(new dev.chirp.common.users.UserRef(star.id(), star.handle()));

    JsonObject firstFan = http.get("/api/v1/users/" + base + "/following").bodyAsJsonObject();
    assertThat(firstFan.getJsonArray("users")).hasSize(1);
    assertThat(firstFan.getValue("next_cursor")).isNull();
  }

  @Test
  void countsStayExactWhenOnePairIsHammeredConcurrently() {
    Account judy = signUp("judy");
    Account ken = signUp("ken");
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      HttpMethod method = i % 3 == 2 ? HttpMethod.DELETE : HttpMethod.PUT;
      requests.add(http.request(method, "/api/v1/users/" + judy.id() + "/following/" + ken.id(), judy.token()).send());
    }
    await(Future.all(requests));
    requests.forEach(r -> assertThat(r.result().statusCode()).as(r.result().bodyAsString()).isEqualTo(204));
    long edges = edgesBetween(judy.id(), ken.id());
    assertThat(edges).isBetween(0L, 1L);
    assertThat(profile(ken.id()).getLong("followers_count")).isEqualTo(edges);
    assertThat(profile(judy.id()).getLong("following_count")).isEqualTo(edges);

    assertThat(follow(judy, ken.id()).statusCode()).isEqualTo(204);
    assertThat(profile(ken.id()).getLong("followers_count")).isEqualTo(1);
  }

  @Test
  void manyFollowersArrivingAtOnceAreAllCounted() {
    Account leo = signUp("leo");
    List<Account> fans = new ArrayList<>();
    for (int i = 0; i < 25; i++) fans.add(signUp("f" + i + "_"));
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (Account fan : fans) {
      for (int repeat = 0; repeat < 2; repeat++) {
        requests.add(http.request(HttpMethod.PUT, "/api/v1/users/" + fan.id() + "/following/" + leo.id(), fan.token()).send());
      }
    }
    await(Future.all(requests));
    // Follows of one user take that user's lock one after another; on a loaded box the last may wait past the graph's
    // transaction timeout: that is a clean 503 with Retry-After, and the client retries, as a client would.
    for (int i = 0; i < fans.size(); i++) {
      Account fan = fans.get(i);
      List<HttpResponse<Buffer>> answers = List.of(requests.get(2 * i).result(), requests.get(2 * i + 1).result());
      for (HttpResponse<Buffer> answer : answers) {
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(204, 503);
        if (answer.statusCode() == 503) assertThat(answer.getHeader("Retry-After")).isNotBlank();
      }
      if (answers.stream().noneMatch(a -> a.statusCode() == 204)) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> follow(fan, leo.id()).statusCode() == 204);
      }
    }
    assertThat(profile(leo.id()).getLong("followers_count")).isEqualTo(25);
  }

  @Test
  void withPulsarDownAFollowIs503AndARetryCompletesItWithOneEvent() throws Exception {
    Account mia = signUp("mia");
    Account ned = signUp("ned");
    int cutOffPort = TestEngines.freePort();
    ServiceMain.Deployed cutOff = await(ServiceMain.deploy(vertx, FollowServiceWiring.open(vertx, config.with(Map.of(
        "http.port", Integer.toString(cutOffPort), "pulsar.service-url", "pulsar://127.0.0.1:" + TestEngines.freePort())))));
    try {
      HttpCalls isolated = new HttpCalls(vertx, cutOffPort);
      HttpResponse<Buffer> refused = isolated.send(HttpMethod.PUT, "/api/v1/users/" + mia.id() + "/following/" + ned.id(), mia.token());
      assertError(refused, 503, "service_unavailable");
      assertThat(refused.getHeader("Retry-After")).isNotBlank();

      assertThat(follow(mia, ned.id()).statusCode()).isEqualTo(204);
      assertThat(nextEventOf(mia.id())).isEqualTo(new Followed(mia.id(), ned.id()));
      assertThat(profile(ned.id()).getLong("followers_count")).isEqualTo(1);

      refused = isolated.send(HttpMethod.DELETE, "/api/v1/users/" + mia.id() + "/following/" + ned.id(), mia.token());
      assertError(refused, 503, "service_unavailable");
      assertThat(unfollow(mia, ned.id()).statusCode()).isEqualTo(204);
      assertThat(nextEventOf(mia.id())).isEqualTo(new Unfollowed(mia.id(), ned.id()));
      assertThat(follow(mia, ned.id()).statusCode()).isEqualTo(204);
      // Exactly one event per change: the next one is this follow, not a leftover retry.
      assertThat(nextEventOf(mia.id())).isEqualTo(new Followed(mia.id(), ned.id()));
    } finally {
      await(cutOff.undeploy(vertx));
    }
  }

  @Test
  void theSweeperPublishesFollowsAndUnfollowsLeftPendingAndClearsTheirMarks() throws Exception {
    Account olga = signUp("olga");
    Account pete = signUp("pete");
    Account quin = signUp("quin");
    Account rita = signUp("rita");
    assertThat(follow(olga, quin.id()).statusCode()).isEqualTo(204);
    assertThat(nextEventOf(olga.id())).isEqualTo(new Followed(olga.id(), quin.id()));
    // What requests whose process died after the graph write (or whose publish failed and nobody retried) leave:
    // a follow and an unfollow marked pending, an hour ago.
    FollowGraphWriter writer = new FollowGraphWriter(neo4j, vertx.getOrCreateContext());
    Instant hourAgo = Instant.now().minusSeconds(3600);
    assertThat(await(writer.follow(olga.id(), pete.id(), hourAgo))).isEqualTo(Outcome.PUBLISH);
    assertThat(await(writer.unfollow(olga.id(), quin.id(), hourAgo))).isEqualTo(Outcome.PUBLISH);
    // A live request's follow, younger than the grace: left to it.
    assertThat(await(writer.follow(rita.id(), pete.id(), Instant.now()))).isEqualTo(Outcome.PUBLISH);

    assertThat(await(wiring.sweeper.sweep())).isGreaterThanOrEqualTo(0);
    // The periodic sweep may have published them first, or too (a duplicate is harmless): both arrive.
    Set<ChirpEvent> seen = new HashSet<>();
    while (seen.size() < 2) seen.add(nextEventOf(olga.id()));
    assertThat(seen).containsExactlyInAnyOrder(new Followed(olga.id(), pete.id()), new Unfollowed(olga.id(), quin.id()));
    try (Session session = neo4j.session()) {
      assertThat(session.run("MATCH (:User {id: $a})-[f:FOLLOWS]->(:User {id: $b}) RETURN f.pending AS p",
          Map.of("a", olga.id(), "b", pete.id())).single().get("p").isNull()).as("follow mark cleared").isTrue();
      org.neo4j.driver.Record olgas = session.run("MATCH (u:User {id: $a}) RETURN u.pending_unfollows AS ids,"
          + " u.pending_unfollows_since AS since", Map.of("a", olga.id())).single();
      assertThat(olgas.get("ids").asList()).as("unfollow mark cleared").isEmpty();
      assertThat(olgas.get("since").isNull()).isTrue();
      assertThat(session.run("MATCH (:User {id: $a})-[f:FOLLOWS]->(:User {id: $b}) RETURN f.pending AS p",
          Map.of("a", rita.id(), "b", pete.id())).single().get("p").asBoolean()).as("live follow left alone").isTrue();
    }
    assertThat(edgesBetween(olga.id(), pete.id())).isEqualTo(1);
    assertThat(edgesBetween(olga.id(), quin.id())).isZero();
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutes() {
    OpenApiRoutes.assertDocumentsExactly(vertx, http, service.verticle(HttpApiVerticle.class).router());
  }

  private static long edgesBetween(long a, long b) {
    try (Session session = neo4j.session()) {
      return session.run("MATCH (:User {id: $a})-[f:FOLLOWS]->(:User {id: $b}) RETURN count(f) AS n", Map.of("a", a, "b", b))
          .single().get("n").asLong();
    }
  }
}
