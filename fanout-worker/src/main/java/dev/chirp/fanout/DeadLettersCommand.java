package dev.chirp.fanout;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pulsar.client.api.ClientBuilder;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.MessageIdAdv;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.apache.pulsar.client.api.TopicMessageId;
import org.apache.pulsar.client.api.TypedMessageBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./chirp dead-letters}: the fan-out worker's dead letters ({@link DeadLetters}), listed or replayed. Both
 * read the durable subscription {@link DeadLetters#SUBSCRIPTION} with an exclusive consumer: list never acknowledges
 * (closing the consumer leaves every dead letter where it was); replay publishes each chosen one again to its origin
 * topic (same payload, key and original properties), waits for the broker's ack, and only then acknowledges it, so a
 * crash in between replays it twice at worst (the fan-out is idempotent). Pulsar is found through the local stack's
 * state file unless {@code --pulsar} says where. A second main class of the worker's jar; the worker is {@link Main}.
 */
@Command(name = "chirp dead-letters", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The fan-out worker's dead letters: events it gave up on, kept by the subscription '"
        + DeadLetters.SUBSCRIPTION + "' of <tweet topic>-fanout-dead-letters until replayed.",
        "Without a subcommand: list."},
    subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ReplayCommand.class})
public final class DeadLettersCommand implements Callable<Integer> {
  /** Pulsar refused or failed (or a replay stopped half-way). */
  public static final int EXIT_FAILED = 1;
  /** No running stack to find Pulsar in (as ./chirp status). */
  public static final int EXIT_NO_STACK = 3;
  private static final int ERROR_WIDTH = 60;

  @Mixin
  Target target = new Target();

  @Mixin
  Output output = new Output();

  private final ChirpConfig given;
  private final PrintStream out;
  private final PrintStream err;

  private DeadLettersCommand(ChirpConfig given, PrintStream out, PrintStream err) {
    this.given = given;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // The Pulsar client logs every connection (and every retry, with its stack trace); the command says what failed.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the command line {@code args} in-process, printing to {@code out} and {@code err}: the exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return execute(null, out, err, args);
  }

  /**
   * As {@link #execute(PrintStream, PrintStream, String...)}, with the worker's configuration {@code config} instead
   * of its defaults and environment: its {@code pulsar.service-url} and dead-letter topic (the options still win).
   */
  public static int execute(ChirpConfig config, PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new DeadLettersCommand(config, out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    return list(target, output);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = "List the dead letters still held (without consuming them): when, type, key, attempts, first error,"
          + " origin topic and message id; then a count by type.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand
    DeadLettersCommand parent;

    @Override
    public Integer call() {
      return parent.list(parent.target, parent.output);
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Publish dead letters again to their origin topics (same payload, key and original properties),"
          + " each acknowledged on the dead-letter subscription once the broker has it. Default: every one.")
  static final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    DeadLettersCommand parent;

    @Option(names = "--type", split = ",", paramLabel = "TYPE",
        description = "Only dead letters of these event types (TweetCreated, Followed, ..., unreadable).")
    List<String> types;

    @Option(names = "--key", split = ",", paramLabel = "KEY", description = "Only dead letters with these message keys.")
    List<String> keys;

    @Override
    public Integer call() {
      return parent.replay(parent.target, parent.output, types, keys);
    }
  }

  /** Where the dead letters are; given before or after the subcommand (inherited options). */
  static final class Target {
    @Option(scope = ScopeType.INHERIT, names = "--pulsar", paramLabel = "URL",
        description = "Pulsar's service URL. Default: $CHIRP_PULSAR_SERVICE_URL if set, else the running local stack's"
            + " (from its stack.json).")
    String pulsarUrl;

    @Option(scope = ScopeType.INHERIT, names = "--topic", paramLabel = "TOPIC",
        description = "The dead-letter topic. Default: <pulsar.tweet-topic>-fanout-dead-letters"
            + " (persistent://chirp/events/tweets-fanout-dead-letters).")
    String topic;

    @Option(scope = ScopeType.INHERIT, names = "--data-dir", paramLabel = "DIR",
        description = "The local stack's data directory (default: $CHIRP_DATA_DIR, else .chirp in the repository).")
    Path dataDir;

    @Option(scope = ScopeType.INHERIT, names = "--wait", paramLabel = "SECONDS",
        description = "How long no further dead letter may arrive before the list counts as complete. Default: 2.")
    Double waitSeconds;

    long waitMillis() {
      return Math.max(100, Math.round((waitSeconds == null ? 2.0 : waitSeconds) * 1000));
    }
  }

  static final class Output {
    @Option(scope = ScopeType.INHERIT, names = "--json", description = "One JSON object instead of text.")
    boolean json;
  }

  /** The stack is not there: a message for the user, not a stack trace. */
  static final class NoStack extends Exception {
    NoStack(String message) {
      super(message);
    }
  }

  private int list(Target target, Output output) {
    return withSubscription(target, (topic, consumer, client) -> {
      List<DeadLetter> letters = receiveAll(consumer, target.waitMillis()).stream().map(DeadLetter::of).toList();
      Map<String, Integer> byType = new TreeMap<>();
      letters.forEach(l -> byType.merge(l.typeOrNone(), 1, Integer::sum));
      if (output.json) {
        JsonArray array = new JsonArray();
        letters.forEach(l -> array.add(l.toJson()));
        JsonObject counts = new JsonObject();
        byType.forEach(counts::put);
        out.println(new JsonObject().put("topic", topic).put("subscription", DeadLetters.SUBSCRIPTION)
            .put("count", letters.size()).put("by_type", counts).put("dead_letters", array).encodePrettily());
        return 0;
      }
      out.printf("%d dead letter%s on %s (subscription %s)%s%n", letters.size(), letters.size() == 1 ? "" : "s", topic,
          DeadLetters.SUBSCRIPTION, letters.isEmpty() ? "." : ":");
      if (letters.isEmpty()) return 0;
      String row = "%-24s %-14s %-20s %-8s %-" + ERROR_WIDTH + "s %s %s%n";
      out.printf(row, "DEAD-LETTERED AT", "TYPE", "KEY", "ATTEMPTS", "FIRST ERROR", "ORIGIN TOPIC", "ORIGIN MESSAGE ID");
      for (DeadLetter l : letters) {
        out.printf(row, orDash(l.deadLetteredAt()), l.typeOrNone(), orDash(l.key()), orDash(l.attempts()),
            l.shortError(ERROR_WIDTH), orDash(l.originTopic()), orDash(l.originMessageId()));
      }
      List<String> summary = new ArrayList<>();
      byType.forEach((type, count) -> summary.add(type + " " + count));
      out.println("by type: " + String.join(", ", summary));
      out.println("Replay with ./chirp dead-letters replay [--type TYPE] [--key KEY]; --json shows every field.");
      return 0;
    });
  }

  private int replay(Target target, Output output, List<String> types, List<String> keys) {
    return withSubscription(target, (topic, consumer, client) -> {
      Map<String, Producer<byte[]>> producers = new HashMap<>();
      Map<String, Integer> byOrigin = new TreeMap<>();
      int replayed = 0;
      int kept = 0;
      int noOrigin = 0;
      try {
        for (Message<byte[]> message : receiveAll(consumer, target.waitMillis())) {
          DeadLetter letter = DeadLetter.of(message);
          if (types != null && !types.contains(letter.eventType()) || keys != null && !keys.contains(letter.key())) {
            kept++;
            continue;
          }
          if (letter.originTopic() == null) {
            err.println("kept " + message.getMessageId() + ": it names no origin topic (" + DeadLetters.ORIGIN_TOPIC + ")");
            noOrigin++;
            continue;
          }
          Producer<byte[]> producer = producers.get(letter.originTopic());
          if (producer == null) {
            producer = client.newProducer(Schema.BYTES).topic(letter.originTopic()).enableBatching(false).create();
            producers.put(letter.originTopic(), producer);
          }
          TypedMessageBuilder<byte[]> again = producer.newMessage().value(message.getData())
              .properties(letter.originalProperties());
          if (message.hasBase64EncodedKey()) {
            again.keyBytes(message.getKeyBytes());
          } else if (message.hasKey()) {
            again.key(message.getKey());
          }
          if (message.hasOrderingKey()) again.orderingKey(message.getOrderingKey());
          if (message.getEventTime() > 0) again.eventTime(message.getEventTime());
          again.send();
          consumer.acknowledge(message);
          replayed++;
          byOrigin.merge(letter.originTopic(), 1, Integer::sum);
        }
      } catch (PulsarClientException e) {
        err.printf("replay stopped after %d dead letter%s: %s%n", replayed, replayed == 1 ? "" : "s", firstLine(e));
        return EXIT_FAILED;
      } finally {
        for (Producer<byte[]> producer : producers.values()) {
          producer.closeAsync();
        }
      }
      if (output.json) {
        JsonObject origins = new JsonObject();
        byOrigin.forEach(origins::put);
        out.println(new JsonObject().put("topic", topic).put("replayed", replayed).put("by_origin_topic", origins)
            .put("kept", kept + noOrigin).encodePrettily());
      } else {
        out.printf("replayed %d dead letter%s%s%n", replayed, replayed == 1 ? "" : "s", byOrigin.isEmpty() ? "" : " " + byOrigin);
        if (kept + noOrigin > 0) out.printf("%d kept on %s (not chosen, or no origin topic)%n", kept + noOrigin, topic);
      }
      return noOrigin > 0 ? EXIT_FAILED : 0;
    });
  }

  private interface WithSubscription {
    int run(String topic, Consumer<byte[]> consumer, PulsarClient client) throws PulsarClientException;
  }

  /** Opens the client and the exclusive consumer on the dead-letter subscription, runs {@code body}, closes both. */
  private int withSubscription(Target target, WithSubscription body) {
    ChirpConfig config = given != null ? given : config();
    String topic = target.topic != null ? target.topic : DeadLetters.topic(config);
    String url;
    try {
      url = target.pulsarUrl == null && given != null ? given.string("pulsar.service-url") : pulsarUrl(target, config);
    } catch (NoStack e) {
      err.println(e.getMessage());
      return EXIT_NO_STACK;
    }
    if (!answers(url)) {
      err.println("Nothing answers at " + url + ": is Pulsar up? (./chirp status)");
      return EXIT_FAILED;
    }
    PulsarClient client;
    try {
      client = client(config, url);
    } catch (PulsarClientException e) {
      err.println("Cannot use Pulsar at " + url + ": " + firstLine(e));
      return EXIT_FAILED;
    }
    try {
      Consumer<byte[]> consumer;
      try {
        consumer = client.newConsumer(Schema.BYTES).topic(topic).subscriptionName(DeadLetters.SUBSCRIPTION)
            .subscriptionType(SubscriptionType.Exclusive)
            // Only if the worker has not created it yet: then it holds every dead letter written so far.
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .enableBatchIndexAcknowledgment(true)
            // A replay's acknowledgement is sent at once and confirmed by the broker.
            .acknowledgmentGroupTime(0, TimeUnit.MILLISECONDS).isAckReceiptEnabled(true)
            .subscribe();
      } catch (PulsarClientException.ConsumerBusyException e) {
        err.println("Another consumer holds the subscription " + DeadLetters.SUBSCRIPTION + " of " + topic
            + " (another ./chirp dead-letters running?): " + firstLine(e));
        return EXIT_FAILED;
      } catch (PulsarClientException e) {
        err.println("Cannot read " + topic + " from Pulsar at " + url + ": " + firstLine(e));
        return EXIT_FAILED;
      }
      try {
        return body.run(topic, consumer, client);
      } catch (PulsarClientException e) {
        err.println("Reading " + topic + " failed: " + firstLine(e));
        return EXIT_FAILED;
      } finally {
        // Whatever was received and not acknowledged stays on the subscription.
        consumer.closeAsync().exceptionally(e -> null).join();
      }
    } finally {
      client.closeAsync();
    }
  }

  /**
   * Every message the subscription delivers until none came for {@code quietMillis}, or the topic's last one (as it
   * was when reading began) has arrived.
   */
  static List<Message<byte[]>> receiveAll(Consumer<byte[]> consumer, long quietMillis) throws PulsarClientException {
    MessageId last = lastMessageId(consumer);
    List<Message<byte[]>> messages = new ArrayList<>();
    while (true) {
      Message<byte[]> message = consumer.receive((int) quietMillis, TimeUnit.MILLISECONDS);
      if (message == null) return messages;
      messages.add(message);
      if (reached(message.getMessageId(), last)) return messages;
    }
  }

  private static MessageId lastMessageId(Consumer<byte[]> consumer) {
    try {
      List<TopicMessageId> ids = consumer.getLastMessageIds();
      return ids.size() == 1 ? ids.get(0) : null;
    } catch (PulsarClientException e) {
      return null; // then the quiet period alone ends the list
    }
  }

  /** Whether {@code id} is (the last message of the batch of) {@code last}'s entry, or later. */
  private static boolean reached(MessageId id, MessageId last) {
    if (!(id instanceof MessageIdAdv m) || !(last instanceof MessageIdAdv l) || l.getEntryId() < 0) return false;
    if (m.getLedgerId() != l.getLedgerId()) return m.getLedgerId() > l.getLedgerId();
    if (m.getEntryId() != l.getEntryId()) return m.getEntryId() > l.getEntryId();
    return m.getBatchIndex() < 0 || m.getBatchIndex() >= m.getBatchSize() - 1;
  }

  /** The worker's configuration: its defaults, with the CHIRP_* variables and chirp.* properties it knows. */
  static ChirpConfig config() {
    JsonObject defaults = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS))
        .mergeIn(new JsonObject(Resources.read("fanout-worker.json")));
    Map<String, String> env = new HashMap<>();
    System.getenv().forEach((name, value) -> {
      if (ChirpConfig.knows(defaults, name)) env.put(name, value);
    });
    Map<String, String> sys = new HashMap<>();
    System.getProperties().forEach((name, value) -> sys.put(String.valueOf(name), String.valueOf(value)));
    return ChirpConfig.resolve(defaults, env, sys);
  }

  /** --pulsar, else pulsar.service-url when set explicitly, else the running local stack's Pulsar. */
  private static String pulsarUrl(Target target, ChirpConfig config) throws NoStack {
    if (target.pulsarUrl != null) return target.pulsarUrl;
    if (System.getenv(ChirpConfig.envName("pulsar.service-url")) != null
        || System.getProperty("chirp.pulsar.service-url") != null) {
      return config.string("pulsar.service-url");
    }
    Path dataDir = dataDir(target);
    Path stateFile = dataDir.resolve("stack.json");
    if (!Files.isRegularFile(stateFile)) {
      throw new NoStack("No Chirp stack has run on " + dataDir + ". Start one with ./chirp up (or give --pulsar URL).");
    }
    JsonObject state;
    try {
      state = new JsonObject(Files.readString(stateFile));
    } catch (IOException | RuntimeException e) {
      throw new NoStack("Cannot read " + stateFile + ": " + e.getMessage());
    }
    for (Object o : state.getJsonArray("components", new JsonArray())) {
      JsonObject component = (JsonObject) o;
      if ("pulsar".equals(component.getString("name")) && component.getString("url") != null
          && running(component.getLong("pid", -1L), component.getString("started_at"))) {
        return component.getString("url");
      }
    }
    throw new NoStack("The Chirp stack on " + dataDir + " is not running (its Pulsar is not up; see ./chirp status)."
        + " Start it with ./chirp up (or give --pulsar URL).");
  }

  private static Path dataDir(Target target) {
    if (target.dataDir != null) return target.dataDir.toAbsolutePath().normalize();
    String fromEnv = System.getenv("CHIRP_DATA_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv).toAbsolutePath().normalize();
    return Path.of(System.getenv().getOrDefault("CHIRP_HOME", ".")).resolve(".chirp").toAbsolutePath().normalize();
  }

  /** Alive and the process that was started then (not a later one that reused the pid), as the launcher checks. */
  private static boolean running(long pid, String startedAt) {
    if (pid <= 0) return false;
    Instant started;
    try {
      started = startedAt == null ? null : Instant.parse(startedAt);
    } catch (RuntimeException e) {
      started = null;
    }
    Instant since = started;
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(h -> since == null || h.info().startInstant()
            .map(s -> Math.abs(s.toEpochMilli() - since.toEpochMilli()) < 2000).orElse(true))
        .orElse(false);
  }

  /** With a token and TLS trust as the worker has them; fails fast when nothing answers. */
  private static PulsarClient client(ChirpConfig config, String url) throws PulsarClientException {
    ClientBuilder builder = PulsarClient.builder().serviceUrl(url)
        .connectionTimeout(5, TimeUnit.SECONDS).operationTimeout(10, TimeUnit.SECONDS);
    String token = config.secret("pulsar.auth-token");
    if (!token.isEmpty()) builder.authentication(AuthenticationFactory.token(token));
    String ca = config.string("pulsar.tls-ca-file");
    if (!ca.isEmpty()) builder.tlsTrustCertsFilePath(ca);
    return builder.build();
  }

  /** A quick TCP connect to a single-host pulsar:// or pulsar+ssl:// URL (true for any other form: the client decides). */
  private static boolean answers(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return true;
    }
    if (uri.getHost() == null) return true;
    int port = uri.getPort() > 0 ? uri.getPort() : "pulsar+ssl".equals(uri.getScheme()) ? 6651 : 6650;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The root cause's message, first line: Pulsar wraps what went wrong in several layers. */
  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
