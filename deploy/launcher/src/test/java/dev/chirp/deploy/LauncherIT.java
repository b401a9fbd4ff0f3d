package dev.chirp.deploy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.deploy.engine.RedisEngine;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as a user runs it: its real entry point in a child JVM, the real engines, on a port block and
 * data directory of its own so it never meets the shared test stack or a developer's ./chirp up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
  private static final String TOPIC = "persistent://chirp/events/launcher-probe";
  /** The repository root: the launcher starts every service built there. */
  private static final Path PROJECT_HOME = Path.of("../..").toAbsolutePath().normalize();
  private static final List<String> COMPONENTS = List.of("launcher", "cassandra", "neo4j", "pulsar", "redis",
      "tweet-svc", "follow-svc", "timeline-svc", "fanout-worker", "edge");
  private final Path dataDir = Path.of("target", "launcher-it").toAbsolutePath();
  private final StackLayout layout = new StackLayout(dataDir);
  private PortPlan ports;
  private List<Long> firstRunPids = new ArrayList<>();

  record Run(int exitCode, String output) {
  }

  @BeforeAll
  void freshDataDirAndFreePorts() throws IOException {
    Files.createDirectories(dataDir);
    layout.wipeExcept(null);
    ports = PortPlan.findFree(20_000);
  }

  @Test
  @Order(1)
  void upDetachReturnsOnceReadyAndStatusShowsEveryComponentUp() throws Exception {
    Run up = chirp(Duration.ofMinutes(5), "up", "--detach");
    assertThat(up.exitCode()).as(up.output()).isZero();
    assertThat(up.output()).contains("Chirp stack is up", "cql://127.0.0.1:" + ports.port("cassandra.cql"),
        "http://127.0.0.1:" + ports.port("follow-svc")).contains(COMPONENTS.subList(1, COMPONENTS.size()));

    Run status = chirp(Duration.ofSeconds(30), "status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    for (String component : COMPONENTS) {
      assertThat(status.output()).as(status.output()).containsPattern("(?m)^" + component + "\\s+up\\s+\\d+");
    }
    StackState state = StackState.read(layout.stateFile()).orElseThrow();
    assertThat(state.phase()).isEqualTo(StackState.READY);
    firstRunPids = new ArrayList<>(state.components().stream().map(StackState.Component::pid).toList());
    firstRunPids.add(state.launcherPid());
    assertThat(Files.isRegularFile(layout.keysDir().resolve(DevKeys.PUBLIC_KEY))).isTrue();
  }

  @Test
  @Order(2)
  void aSecondUpOnTheSameDataDirIsRefused() throws Exception {
    Run again = chirp(Duration.ofSeconds(60), "up", "--detach");
    assertThat(again.exitCode()).as(again.output()).isEqualTo(UpCommand.EXIT_REFUSED);
    assertThat(again.output()).contains("already running");
  }

  @Test
  @Order(3)
  void writeToEveryEngine() throws Exception {
    try (CqlSession session = CassandraEngine.session(ports.port("cassandra.cql"), Stack.KEYSPACE)) {
      session.execute("CREATE TABLE IF NOT EXISTS launcher_probe (id int PRIMARY KEY, text text)");
      session.execute("INSERT INTO launcher_probe (id, text) VALUES (1, 'kept')");
    }
    try (Driver driver = Neo4jEngine.driver("bolt://127.0.0.1:" + ports.port("neo4j.bolt")); Session session = driver.session()) {
      session.run("MERGE (:LauncherProbe {name: 'kept'})").consume();
    }
    assertThat(RedisEngine.command(ports.port("redis"), "SET launcher-probe kept")).isEqualTo("+OK");
    try (PulsarClient client = pulsarClient()) {
      client.newConsumer(Schema.STRING).topic(TOPIC).subscriptionName("launcher-it").subscribe().close();
      try (Producer<String> producer = client.newProducer(Schema.STRING).topic(TOPIC).create()) {
        producer.send("kept");
      }
    }
  }

  @Test
  @Order(4)
  void aKilledServiceOrEngineIsRestartedAndStatusCountsIt() throws Exception {
    for (String component : List.of("fanout-worker", "redis")) {
      StackState.Component before = component(component);
      Run kill = chirp(Duration.ofSeconds(30), "kill", component);
      assertThat(kill.exitCode()).as(kill.output()).isZero();

      StackState.Component after = poll(Duration.ofMinutes(2), () -> {
        StackState.Component now = component(component);
        return now.pid() != before.pid() && now.isRunning() ? now : null;
      });
      assertThat(after.restarts()).isEqualTo(1);
      assertThat(after.lastExitCode()).isEqualTo(137);
      Run status = poll(Duration.ofMinutes(2), () -> {
        Run now = chirp(Duration.ofSeconds(30), "status");
        return now.exitCode() == 0 ? now : null;
      });
      assertThat(status.output()).containsPattern("(?m)^" + component + "\\s+up\\s+" + after.pid() + "\\s+\\d+\\s+\\S+\\s+1\\s+137");
      firstRunPids.set(firstRunPids.indexOf(before.pid()), after.pid());
    }
    assertThat(RedisEngine.command(ports.port("redis"), "PING")).isEqualTo("+PONG");

    Run unknown = chirp(Duration.ofSeconds(30), "kill", "no-such-thing");
    assertThat(unknown.exitCode()).isEqualTo(ComponentSignals.EXIT_NO_SUCH_COMPONENT);
    assertThat(unknown.output()).contains("No running component no-such-thing");
  }

  private StackState.Component component(String name) throws IOException {
    return StackState.read(layout.stateFile()).orElseThrow().components().stream()
        .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Polls until {@code check} gives a value, or fails after {@code timeout}. */
  private static <T> T poll(Duration timeout, java.util.concurrent.Callable<T> check) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T value = check.call();
      if (value != null) return value;
      if (Instant.now().isAfter(deadline)) throw new AssertionError("not within " + timeout);
      Thread.sleep(200);
    }
  }

  /**
   * Two fault drills of {@code ./chirp drill} on this test's own stack (they kill and freeze what they drill): a
   * SIGKILLed fan-out worker and a Redis frozen for a few seconds lose no accepted post, in Cassandra or in any
   * follower's Redis timeline, and duplicate none.
   */
  @Test
  @Order(5)
  void faultDrillsLoseAndDuplicateNothing() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        PROJECT_HOME.resolve("bench/target/classes") + ":" + Files.readString(PROJECT_HOME.resolve("bench/target/runtime.classpath")).strip(),
        "dev.chirp.bench.ChirpDrill", "--api", "http://127.0.0.1:" + ports.port("edge"),
        "--stack-state", layout.stateFile().toString(), "--cassandra", "127.0.0.1:" + ports.port("cassandra.cql"),
        "--redis", "redis://127.0.0.1:" + ports.port("redis"), "--pulsar", "pulsar://127.0.0.1:" + ports.port("pulsar.broker"),
        "--only", "fanout-worker-kill,redis-freeze",
        "--authors", "6", "--followers", "18", "--before-seconds", "3", "--fault-seconds", "6", "--after-seconds", "8",
        "--settle-seconds", "60"));
    Path output = Files.createTempFile(dataDir, "drill", ".out");
    Process drill = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(drill.waitFor(6, TimeUnit.MINUTES)).as("drill finished").isTrue();
    String table = Files.readString(output);
    assertThat(drill.exitValue()).as(table).isZero();
    for (String name : List.of("fanout-worker-kill", "redis-freeze")) {
      java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^" + name
          // requests 5xx other 201 lost(C*) lost(Redis) extra dup dead+ errors-s settled-s
          + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\S+)$").matcher(table);
      assertThat(row.find()).as(table).isTrue();
      assertThat(Long.parseLong(row.group(4))).as(name + ": posts accepted\n" + table).isPositive();
      assertThat(row.group(5)).as(name + ": lost in Cassandra\n" + table).isEqualTo("0");
      assertThat(row.group(6)).as(name + ": lost in Redis\n" + table).isEqualTo("0");
      assertThat(row.group(7)).as(name + ": in a timeline that does not follow its author\n" + table).isEqualTo("0");
      assertThat(row.group(8)).as(name + ": duplicated\n" + table).isEqualTo("0");
      assertThat(row.group(9)).as(name + ": settled\n" + table).isNotEqualTo("never");
    }
  }

  @Test
  @Order(6)
  void downStopsEveryProcessAndFreesEveryPort() throws Exception {
    Run down = chirp(Duration.ofMinutes(2), "down");
    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(firstRunPids).hasSize(COMPONENTS.size()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("pid %d still alive", pid).isFalse());
    assertThat(ports.taken()).isEmpty();
    Run status = chirp(Duration.ofSeconds(30), "status");
    assertThat(status.exitCode()).isEqualTo(StatusCommand.EXIT_NOT_ALL_UP);
  }

  @Test
  @Order(7)
  void aSecondUpFindsTheDataAndKillingTheLauncherLeavesNoOrphans() throws Exception {
    Path output = dataDir.resolve("foreground-up.out");
    Process launcher = processBuilder("up").redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
          StackState.read(layout.stateFile()).filter(s -> s.launcherPid() == launcher.pid()
              && s.phase().equals(StackState.READY)).isPresent() || !launcher.isAlive());
      assertThat(launcher.isAlive()).as(Files.readString(output)).isTrue();

      try (CqlSession session = CassandraEngine.session(ports.port("cassandra.cql"), Stack.KEYSPACE)) {
        Row row = session.execute("SELECT text FROM launcher_probe WHERE id = 1").one();
        assertThat(row).isNotNull();
        assertThat(row.getString("text")).isEqualTo("kept");
      }
      try (Driver driver = Neo4jEngine.driver("bolt://127.0.0.1:" + ports.port("neo4j.bolt")); Session session = driver.session()) {
        assertThat(session.run("MATCH (p:LauncherProbe {name: 'kept'}) RETURN count(p) AS n").single().get("n").asInt()).isEqualTo(1);
      }
      assertThat(RedisEngine.command(ports.port("redis"), "GET launcher-probe")).isEqualTo("$4");
      try (PulsarClient client = pulsarClient();
           Consumer<String> consumer = client.newConsumer(Schema.STRING).topic(TOPIC).subscriptionName("launcher-it").subscribe()) {
        Message<String> message = consumer.receive(30, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.getValue()).isEqualTo("kept");
      }

      List<StackState.Component> children = StackState.read(layout.stateFile()).orElseThrow().components();
      assertThat(children).hasSize(COMPONENTS.size() - 1);
      launcher.destroyForcibly();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(children).noneMatch(StackState.Component::isRunning));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> ports.taken().isEmpty());
    } finally {
      launcher.destroyForcibly();
      chirp(Duration.ofMinutes(2), "down");
    }
  }

  @Test
  @Order(8)
  void aTakenPortMakesUpFailFastNamingThePort() throws Exception {
    int redisPort = ports.port("redis");
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), redisPort));
      long start = System.nanoTime();
      Run up = chirp(Duration.ofSeconds(60), "up", "--detach");
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(up.exitCode()).as(up.output()).isEqualTo(UpCommand.EXIT_REFUSED);
      assertThat(up.output()).contains("redis " + redisPort).contains("--port-offset");
      assertThat(seconds).as("fails fast").isLessThan(20);
    }
    assertThat(ports.taken()).isEmpty();
  }

  private PulsarClient pulsarClient() throws IOException {
    return PulsarClient.builder().serviceUrl("pulsar://127.0.0.1:" + ports.port("pulsar.broker")).build();
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Chirp.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--data-dir", dataDir.toString()));
    if (args[0].equals("up")) command.addAll(List.of("--port-offset", Integer.toString(ports.offset())));
    return command;
  }

  private ProcessBuilder processBuilder(String... args) {
    ProcessBuilder builder = new ProcessBuilder(command(args));
    builder.environment().remove("CHIRP_DATA_DIR");
    builder.environment().put("CHIRP_HOME", PROJECT_HOME.toString());
    return builder;
  }

  private Run chirp(Duration timeout, String... args) throws Exception {
    Path output = Files.createTempFile(dataDir, "chirp-" + args[0], ".out");
    Process process = processBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chirp " + String.join(" ", args) + " did not finish in " + timeout + ":\n" + Files.readString(output));
    }
    return new Run(process.exitValue(), Files.readString(output));
  }
}
