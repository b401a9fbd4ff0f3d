package dev.chirp.fanout;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./chirp dead-letters} against real Pulsar: dead letters written in the {@link DeadLetters} format are listed
 * (and still there after listing), then replayed to their origin topics (payload, key and original properties) and
 * gone from the subscription. The command runs in-process, with this class's configuration (its Pulsar and topics).
 */
@ExtendWith(ChirpEngines.class)
class DeadLettersIT {
  private static Vertx vertx;
  private static ChirpConfig config;
  private static PulsarClient pulsar;
  private static String deadLetterTopic;

  @BeforeAll
  static void setUp(TestEngines engines) throws Exception {
    vertx = Vertx.vertx();
    config = await(engines.config(vertx, "fanout-worker.json"));
    pulsar = PulsarClient.builder().serviceUrl(engines.endpoints().pulsarUrl()).build();
    deadLetterTopic = DeadLetters.topic(config);
  }

  @AfterAll
  static void tearDown() throws Exception {
    pulsar.close();
    await(vertx.close());
  }

  record Run(int exitCode, String out, String err) {
    JsonObject json() {
      return new JsonObject(out);
    }
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DeadLettersCommand.execute(config, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Letter(ChirpEvent event, String originTopic, String originMessageId, String type, String error,
                        Map<String, String> originalProperties) {}

  private static void deadLetter(Producer<byte[]> producer, Letter letter) throws Exception {
    Map<String, String> properties = new HashMap<>(letter.originalProperties());
    properties.put(DeadLetters.ORIGIN_TOPIC, letter.originTopic());
    properties.put(DeadLetters.ORIGIN_MESSAGE_ID, letter.originMessageId());
    properties.put(DeadLetters.EVENT_TYPE, letter.type());
    properties.put(DeadLetters.ERROR, letter.error());
    properties.put(DeadLetters.ATTEMPTS, "5");
    properties.put(DeadLetters.DEAD_LETTERED_AT, Instant.now().toString());
    producer.newMessage().key(letter.event().key()).value(letter.event().toBytes()).properties(properties).send();
  }

  private static Consumer<byte[]> originConsumer(String topic) throws Exception {
    return pulsar.newConsumer(Schema.BYTES).topic(topic).subscriptionName("dead-letters-it")
        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
  }

  private static List<String> field(JsonObject list, String name) {
    JsonArray letters = list.getJsonArray("dead_letters");
    List<String> values = new ArrayList<>();
    for (int i = 0; i < letters.size(); i++) values.add(String.valueOf(letters.getJsonObject(i).getValue(name)));
    return values;
  }

  @Test
  void listsWithoutConsumingThenReplaysToTheOriginTopics() throws Exception {
    String tweetTopic = config.string("pulsar.tweet-topic");
    String followTopic = config.string("pulsar.follow-topic");
    Consumer<byte[]> tweets = originConsumer(tweetTopic);
    Consumer<byte[]> follows = originConsumer(followTopic);
    // The subscription exists before the first dead letter, as the worker makes it.
    pulsar.newConsumer(Schema.BYTES).topic(deadLetterTopic).subscriptionName(DeadLetters.SUBSCRIPTION)
        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe().close();

    Letter first = new Letter(new TweetCreated(9001, 101, Instant.now(), List.of()), tweetTopic, "11:0:-1",
        "TweetCreated", "Neo4j unavailable: connection refused\n  at somewhere", Map.of("traceparent", "00-aa-bb-01"));
    Letter second = new Letter(new TweetCreated(9002, 102, Instant.now(), List.of(7L)), tweetTopic, "11:1:-1",
        "TweetCreated", "x".repeat(300), Map.of());
    Letter third = new Letter(new Followed(201, 202), followTopic, "12:0:-1", "Followed", "Redis timed out",
        Map.of("origin", "follow-svc"));
    try (Producer<byte[]> producer = pulsar.newProducer(Schema.BYTES).topic(deadLetterTopic).create()) {
      for (Letter letter : List.of(first, second, third)) deadLetter(producer, letter);
    }

    Run text = run("list");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("3 dead letters on " + deadLetterTopic)
        .contains("Neo4j unavailable: connection refused at somewhere", "Redis timed out", "x".repeat(50) + "...")
        .doesNotContain("x".repeat(61)).contains("by type: Followed 1, TweetCreated 2")
        .contains("101", "102", "201", tweetTopic, followTopic, "11:0:-1", "12:0:-1");

    for (int round = 0; round < 2; round++) { // listing consumed nothing: the same again
      Run listed = run("--json");
      assertThat(listed.exitCode()).as(listed.err()).isZero();
      JsonObject json = listed.json();
      assertThat(json.getInteger("count")).isEqualTo(3);
      assertThat(field(json, "event_type")).containsExactly("TweetCreated", "TweetCreated", "Followed");
      assertThat(field(json, "key")).containsExactly("101", "102", "201");
      assertThat(field(json, "error")).containsExactly(first.error(), second.error(), third.error());
      assertThat(field(json, "attempts")).containsOnly("5");
      assertThat(field(json, "origin_topic")).containsExactly(tweetTopic, tweetTopic, followTopic);
      assertThat(field(json, "origin_message_id")).containsExactly("11:0:-1", "11:1:-1", "12:0:-1");
      assertThat(json.getJsonObject("by_type").getMap()).isEqualTo(Map.of("TweetCreated", 2, "Followed", 1));
      JsonObject firstJson = json.getJsonArray("dead_letters").getJsonObject(0);
      assertThat(firstJson.getJsonObject("properties").getMap()).isEqualTo(Map.of("traceparent", "00-aa-bb-01"));
      assertThat(new JsonObject(firstJson.getString("payload"))).isEqualTo(first.event().toJson());
    }

    // Only some: by key, then by type, then the rest.
    Run byKey = run("replay", "--key", "102", "--json");
    assertThat(byKey.exitCode()).as(byKey.err()).isZero();
    assertThat(byKey.json().getInteger("replayed")).isEqualTo(1);
    assertThat(byKey.json().getInteger("kept")).isEqualTo(2);
    assertReplayed(tweets, second);
    assertThat(run("--json").json().getInteger("count")).isEqualTo(2);

    Run byType = run("replay", "--type", "TweetCreated");
    assertThat(byType.exitCode()).as(byType.err()).isZero();
    assertThat(byType.out()).startsWith("replayed 1 dead letter").contains("1 kept on " + deadLetterTopic);
    assertReplayed(tweets, first);

    Run rest = run("replay", "--json");
    assertThat(rest.exitCode()).as(rest.err()).isZero();
    assertThat(rest.json().getInteger("replayed")).isEqualTo(1);
    assertThat(rest.json().getJsonObject("by_origin_topic").getMap()).isEqualTo(Map.of(followTopic, 1));
    assertReplayed(follows, third);

    Run after = run("--json");
    assertThat(after.json().getInteger("count")).isZero();
    assertThat(after.json().getJsonArray("dead_letters")).isEmpty();
    assertThat(run("list").out()).startsWith("0 dead letters on " + deadLetterTopic);
    assertThat(tweets.receive(1, TimeUnit.SECONDS)).as("nothing replayed twice").isNull();
    assertThat(follows.receive(1, TimeUnit.SECONDS)).as("nothing replayed twice").isNull();
    tweets.close();
    follows.close();
  }

  private static void assertReplayed(Consumer<byte[]> origin, Letter letter) throws Exception {
    Message<byte[]> message = origin.receive(30, TimeUnit.SECONDS);
    assertThat(message).as("replayed to " + letter.originTopic()).isNotNull();
    assertThat(message.getKey()).isEqualTo(letter.event().key());
    assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo(new String(letter.event().toBytes(), StandardCharsets.UTF_8));
    assertThat(message.getProperties()).isEqualTo(letter.originalProperties());
    origin.acknowledge(message);
  }

  @Test
  void withoutAStackItSaysSoAndExitsWithThree(@TempDir Path noStack) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DeadLettersCommand.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "list", "--data-dir", noStack.toString());
    assertThat(code).isEqualTo(DeadLettersCommand.EXIT_NO_STACK);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("No Chirp stack has run on " + noStack)
        .contains("./chirp up").doesNotContain("Exception");
  }
}
