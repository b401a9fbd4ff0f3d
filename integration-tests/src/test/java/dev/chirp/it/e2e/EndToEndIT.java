package dev.chirp.it.e2e;

import dev.chirp.common.http.Observability;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack — four engines, four services, the entry point — driven only through HTTP on the entry
 * point, as a client would: sign up, sign in, follow, post, read home timelines, unfollow, delete.
 */
@ExtendWith(ChirpEngines.class)
class EndToEndIT {
  private static final Duration DELIVERY = Duration.ofSeconds(10);
  private static Vertx vertx;
  private static WebClient client;
  private static TestEngines stack;

  @BeforeAll
  static void connect(TestEngines engines) {
    stack = engines;
    vertx = Observability.newVertx();
    URI edge = URI.create(engines.edgeUrl());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(edge.getHost()).setDefaultPort(edge.getPort()));
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  record Person(String id, String handle, String token) {
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, Person as, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (as != null) request.putHeader("Authorization", "Bearer " + as.token());
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private static Person signUp(String name) {
    String handle = name + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 28), 36);
    JsonObject credentials = new JsonObject().put("handle", handle).put("password", "end to end password");
    assertThat(call(HttpMethod.POST, "/api/v1/users", null, credentials).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> session = call(HttpMethod.POST, "/api/v1/sessions", null, credentials);
    assertThat(session.statusCode()).isEqualTo(200);
    return new Person(session.bodyAsJsonObject().getString("user_id"), handle, session.bodyAsJsonObject().getString("token"));
  }

  private static List<String> home(Person who) {
    HttpResponse<Buffer> page = call(HttpMethod.GET, "/api/v1/users/" + who.id() + "/home_timeline", who, null);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("tweets").stream().map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static String post(Person author, String text) {
    HttpResponse<Buffer> posted = call(HttpMethod.POST, "/api/v1/tweets", author, new JsonObject().put("text", text));
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
    return posted.bodyAsJsonObject().getString("id");
  }

  @Test
  void followPostReadUnfollowDeleteThroughTheEntryPoint() {
    Person alice = signUp("alice");
    Person bob = signUp("bob");
    Person carol = signUp("carol");
    // Reading makes a user active: from now on the fan-out writes into their cached timelines.
    assertThat(home(alice)).isEmpty();
    assertThat(home(carol)).isEmpty();

    assertThat(call(HttpMethod.PUT, "/api/v1/users/" + alice.id() + "/following/" + bob.id(), alice, null).statusCode()).isEqualTo(204);
    String hello = post(bob, "hello @" + carol.handle());
    String plain = post(bob, "just for followers");
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(home(alice)).containsExactly(plain, hello));
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(home(carol)).containsExactly(hello));
    HttpResponse<Buffer> read = call(HttpMethod.GET, "/api/v1/users/" + carol.id() + "/home_timeline", carol, null);
    JsonObject tweet = read.bodyAsJsonObject().getJsonArray("tweets").getJsonObject(0);
    assertThat(tweet.getString("author_handle")).isEqualTo(bob.handle());
    assertThat(tweet.getJsonArray("mentions").getJsonObject(0).getString("user_id")).isEqualTo(carol.id());
    assertThat(call(HttpMethod.GET, "/api/v1/users/" + bob.id() + "/tweets", null, null).bodyAsJsonObject()
        .getJsonArray("tweets")).hasSize(2);

    assertThat(call(HttpMethod.DELETE, "/api/v1/users/" + alice.id() + "/following/" + bob.id(), alice, null).statusCode()).isEqualTo(204);
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(home(alice)).isEmpty());
    String afterUnfollow = post(bob, "alice no longer sees this");
    assertThat(call(HttpMethod.DELETE, "/api/v1/tweets/" + hello, bob, null).statusCode()).isEqualTo(204);
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(home(carol)).isEmpty());
    assertThat(home(alice)).doesNotContain(afterUnfollow);
    assertThat(call(HttpMethod.GET, "/api/v1/tweets/" + hello, null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aCelebritysTweetIsMergedIntoFollowersTimelinesAtReadTime() {
    Person star = signUp("star");
    List<Person> fans = new java.util.ArrayList<>();
    for (int i = 0; i <= ChirpEngines.CELEBRITY_THRESHOLD; i++) fans.add(signUp("fan"));
    Person regular = signUp("regular");
    Person fan = fans.get(0);
    assertThat(home(fan)).isEmpty();
    for (Person f : fans) {
      assertThat(call(HttpMethod.PUT, "/api/v1/users/" + f.id() + "/following/" + star.id(), f, null).statusCode()).isEqualTo(204);
    }
    call(HttpMethod.PUT, "/api/v1/users/" + fan.id() + "/following/" + regular.id(), fan, null);
    String before = post(regular, "before");
    String famous = post(star, "more followers than the threshold: merged when read, not fanned out");
    String after = post(regular, "after");
    // The celebrity list is cached for a few seconds by timeline-svc.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(home(fan)).containsExactly(after, famous, before));
    assertThat(home(fans.get(1))).containsExactly(famous);
  }

  @Test
  void afterRedisLostEveryTimelineTheyAreRebuiltIdentically() {
    Person dan = signUp("dan");
    Person eve = signUp("eve");
    Person fay = signUp("fay");
    Person stranger = signUp("stranger");
    assertThat(home(dan)).isEmpty();
    call(HttpMethod.PUT, "/api/v1/users/" + dan.id() + "/following/" + eve.id(), dan, null);
    call(HttpMethod.PUT, "/api/v1/users/" + dan.id() + "/following/" + fay.id(), dan, null);
    String e1 = post(eve, "e1");
    String f1 = post(fay, "f1");
    String own = post(dan, "mine");
    String e2 = post(eve, "e2");
    String mention = post(stranger, "not followed, but mentions @" + dan.handle());
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(home(dan)).containsExactly(mention, e2, own, f1, e1));
    List<String> before = home(dan);

    Redis redis = Redis.createClient(vertx, stack.endpoints().redisUri());
    try {
      await(redis.send(Request.cmd(Command.FLUSHALL)));
    } finally {
      redis.close();
    }
    assertThat(home(dan)).isEqualTo(before);
  }

  @Test
  void unknownPathsAndBadInputGetTheErrorEnvelope() {
    HttpResponse<Buffer> unknown = call(HttpMethod.GET, "/api/v1/nothing-here", null, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    HttpResponse<Buffer> noToken = call(HttpMethod.POST, "/api/v1/tweets", null, new JsonObject().put("text", "x"));
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
  }
}
