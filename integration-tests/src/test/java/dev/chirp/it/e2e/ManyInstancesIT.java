package dev.chirp.it.e2e;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.http.Observability;
import dev.chirp.common.http.ServiceMain;
import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.fanout.FanoutWorkerWiring;
import dev.chirp.follow.FollowServiceWiring;
import dev.chirp.it.HttpCalls;
import dev.chirp.store.graph.GraphLoader;
import dev.chirp.store.timelines.RedisConnection;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import dev.chirp.tweet.TweetServiceWiring;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.neo4j.driver.Driver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of each service at once, as Kubernetes runs them: two tweet-svc instances (node indexes 0 and 1)
 * and three fan-out workers sharing the Key_Shared subscription. Posting through both tweet-svc instances while
 * users follow and unfollow, checked in Redis directly: every tweet reaches every active follower exactly once, a new
 * follower gets the very next tweet although another worker consumed the Followed event than the one that keeps the
 * author's follower list, an unfollower keeps none, ids are unique and came from both instances, and every timeline
 * is in order.
 */
@ExtendWith(ChirpEngines.class)
class ManyInstancesIT {
  private static final int FOLLOWERS = 12;
  private static final int TWEETS = 30;

  @Test
  void twoTweetServicesAndThreeWorkersDeliverEveryTweetOnceInOrder(TestEngines engines) throws Exception {
    Vertx vertx = Observability.newVertx();
    List<ServiceMain.Deployed> running = new ArrayList<>();
    try (Driver neo4j = Neo4jEngine.driver(engines.endpoints().neo4jUri())) {
      ChirpConfig tweetConfig0 = await(engines.config(vertx, "tweet-svc.json")).with(Map.of("node.index", "0"));
      ChirpConfig tweetConfig1 = await(engines.config(vertx, "tweet-svc.json")).with(Map.of("node.index", "1"));
      ChirpConfig followConfig = await(engines.config(vertx, "follow-svc.json"));
      running.add(await(ServiceMain.deploy(vertx, TweetServiceWiring.open(vertx, tweetConfig0))));
      running.add(await(ServiceMain.deploy(vertx, TweetServiceWiring.open(vertx, tweetConfig1))));
      running.add(await(ServiceMain.deploy(vertx, FollowServiceWiring.open(vertx, followConfig))));
      for (int worker = 0; worker < 3; worker++) {
        running.add(await(ServiceMain.deploy(vertx, FanoutWorkerWiring.open(vertx, await(engines.config(vertx, "fanout-worker.json"))))));
      }
      List<HttpCalls> tweetSvcs = List.of(new HttpCalls(vertx, tweetConfig0.integer("http.port")),
          new HttpCalls(vertx, tweetConfig1.integer("http.port")));
      HttpCalls followSvc = new HttpCalls(vertx, followConfig.integer("http.port"));
      JwtTokens tokens = JwtTokens.issuerFromConfig(vertx, followConfig);
      Redis redis = RedisConnection.open(vertx, followConfig).redis();
      TimelineLoader timelines = new TimelineLoader(redis, followConfig.string("redis.key-prefix"), followConfig.integer("timeline.cap"));
      TimelineReader reader = new TimelineReader(redis, followConfig.string("redis.key-prefix"), followConfig.integer("timeline.cap"));

      SnowflakeIds userIds = new SnowflakeIds(NodeRange.TESTS.nodeId(20));
      long author = userIds.next();
      long newcomer = userIds.next();
      List<Long> followers = new ArrayList<>();
      for (int i = 0; i < FOLLOWERS; i++) followers.add(userIds.next());
      long leaver = followers.get(0);
      GraphLoader graph = new GraphLoader(neo4j, vertx.getOrCreateContext());
      List<Map<String, Object>> users = new ArrayList<>();
      for (long user : concat(List.of(author, newcomer), followers)) users.add(Map.of("id", user, "handle", "mi" + Long.toString(user, 36)));
      await(graph.users(users, Instant.now()));
      await(graph.edges(followers.stream().map(f -> new long[] {f, author}).toList(), Instant.now()));
      for (long user : concat(List.of(author, newcomer), followers)) await(timelines.activate(user, Duration.ofHours(1)));

      String authorToken = tokens.issue(author, 3600);
      List<Long> posted = new ArrayList<>();
      for (int i = 0; i < TWEETS; i++) {
        if (i == TWEETS / 3) {
          follow(followSvc, HttpMethod.PUT, newcomer, author, tokens);
          // The Followed event applied (whichever worker took it): the author's earlier tweets are merged in.
          awaitTimeline(reader, newcomer, ids -> assertThat(ids).containsAll(posted));
        }
        if (i == 2 * TWEETS / 3) {
          // While the author's tweets are still on their way to the leaver (an Unfollowed racing fan-outs from kept lists).
          follow(followSvc, HttpMethod.DELETE, leaver, author, tokens);
          awaitTimeline(reader, leaver, ids -> assertThat(ids).doesNotContainAnyElementsOf(posted));
        }
        HttpResponse<Buffer> response = tweetSvcs.get(i % 2).send(HttpMethod.POST, "/api/v1/tweets", authorToken,
            new JsonObject().put("text", "tweet " + i + " through instance " + i % 2));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        posted.add(Long.parseLong(response.bodyAsJsonObject().getString("id")));
      }

      assertThat(new HashSet<>(posted)).as("ids unique").hasSize(TWEETS);
      assertThat(posted.stream().map(SnowflakeIds::nodeOf).distinct().sorted().toList()).as("minted by both instances")
          .containsExactly(NodeRange.TWEET_SVC.nodeId(0), NodeRange.TWEET_SVC.nodeId(1));
      List<Long> newestFirst = posted.stream().sorted(Comparator.reverseOrder()).toList();
      for (long follower : followers.subList(1, FOLLOWERS)) {
        awaitTimeline(reader, follower, ids -> assertThat(ids).as("follower %d", follower).containsExactlyElementsOf(newestFirst));
      }
      awaitTimeline(reader, author, ids -> assertThat(ids).containsExactlyElementsOf(newestFirst));
      awaitTimeline(reader, newcomer, ids -> assertThat(ids).as("the new follower has every tweet, the very next one too")
          .containsExactlyElementsOf(newestFirst));
      awaitTimeline(reader, leaver, ids -> assertThat(ids).as("the unfollower keeps none of the author's tweets").isEmpty());
    } finally {
      for (ServiceMain.Deployed deployed : running) await(deployed.undeploy(vertx));
      await(vertx.close());
    }
  }

  private static void follow(HttpCalls followSvc, HttpMethod method, long follower, long followee, JwtTokens tokens) {
    HttpResponse<Buffer> response = followSvc.send(method, "/api/v1/users/" + follower + "/following/" + followee,
        tokens.issue(follower, 600));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(204);
  }

  private static void awaitTimeline(TimelineReader reader, long user, java.util.function.Consumer<List<Long>> expectation) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> expectation.accept(await(reader.ids(user))));
  }

  private static List<Long> concat(List<Long> first, List<Long> second) {
    List<Long> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
