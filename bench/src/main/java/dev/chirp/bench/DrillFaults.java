package dev.chirp.bench;

import dev.chirp.bench.BenchAccounts.Account;
import dev.chirp.bench.Drill.Expectation;
import dev.chirp.bench.Drill.Fault;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.Schema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.chirp.bench.GraphCommand.await;

/** The faults of {@link Drill#ALL}. A component is found by its pid in the stack's state file. */
final class DrillFaults {
  /** How long redis-stale-snapshot keeps posting between the snapshot and the kill. */
  static final double SNAPSHOT_AGE_SECONDS = 10;
  /** The poison-event drill's messages. */
  static final int POISON_MESSAGES = 2;

  private DrillFaults() {
  }

  /** SIGKILL, as a crash would; the launcher's supervisor restarts the component. */
  static Fault kill(String component) {
    return context -> {
      ProcessHandle.of(pidOf(context.stackState(), component)).ifPresent(ProcessHandle::destroyForcibly);
      return Expectation.NONE;
    };
  }

  /** SIGTERM: a service drains first; the launcher starts it again. */
  static Fault term(String component) {
    return context -> {
      ProcessHandle.of(pidOf(context.stackState(), component)).ifPresent(ProcessHandle::destroy);
      return Expectation.NONE;
    };
  }

  /** SIGSTOP, then SIGCONT after {@code seconds} (null: --fault-seconds). */
  static Fault freeze(String component, Double seconds) {
    return context -> {
      long pid = pidOf(context.stackState(), component);
      signal(pid, "STOP");
      try {
        Thread.sleep((long) ((seconds == null ? context.faultSeconds() : seconds) * 1000));
      } finally {
        signal(pid, "CONT");
      }
      return Expectation.NONE;
    };
  }

  /**
   * Redis refuses every write (NOREPLICAS: it wants one replica, has none) for {@code seconds}, then takes writes
   * again. Reads are served throughout.
   */
  static Fault redisRefusesWrites(double seconds) {
    return context -> {
      await(context.redis().send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("1")));
      try {
        Thread.sleep((long) (seconds * 1000));
      } finally {
        for (int attempt = 1; ; attempt++) {
          try {
            await(context.redis().send(Request.cmd(Command.CONFIG).arg("SET").arg("min-replicas-to-write").arg("0")));
            break;
          } catch (Exception e) {
            if (attempt == 10) throw e;
            Thread.sleep(1000);
          }
        }
      }
      return Expectation.NONE;
    };
  }

  /**
   * A snapshot (SAVE: it answers once the file is written), {@code ageSeconds} more of the workload (timelines
   * change after the snapshot), then SIGKILL: the supervisor restarts Redis, which loads the stale snapshot.
   * (Redis' own {@code save 60 1} does not snapshot again meanwhile: SAVE restarted its 60 s.)
   */
  static Fault staleSnapshot(double ageSeconds) {
    return context -> {
      await(context.redis().send(Request.cmd(Command.SAVE)));
      Thread.sleep((long) (ageSeconds * 1000));
      ProcessHandle.of(pidOf(context.stackState(), "redis")).ifPresent(ProcessHandle::destroyForcibly);
      return Expectation.NONE;
    };
  }

  /**
   * Two messages the fan-out worker cannot apply, on the tweet topic keyed by a drill author (so they sit in that
   * author's ordered stream of events): bytes that are not JSON, and JSON of an unknown event type. Each carries
   * {@link DeadLetterCounter#MARK}, so its dead letter is recognised.
   */
  static Fault poison() {
    return context -> {
      Account author = context.audience().authors().get(0);
      try (Producer<byte[]> producer = context.pulsar().newProducer(Schema.BYTES).topic(context.tweetTopic())
          .enableBatching(false).sendTimeout(30, TimeUnit.SECONDS).create()) {
        producer.newMessage().key(author.id()).property(DeadLetterCounter.MARK, context.runMark())
            .value("{not json: chirp drill poison".getBytes(StandardCharsets.UTF_8)).send();
        producer.newMessage().key(author.id()).property(DeadLetterCounter.MARK, context.runMark())
            .value(new JsonObject().put("type", "ChirpDrillPoison").put("v", 1).put("author_id", author.id())
                .put("tweet_id", "1").encode().getBytes(StandardCharsets.UTF_8)).send();
      }
      return new Expectation(POISON_MESSAGES, null);
    };
  }

  /** {@link FollowStorm} for --fault-seconds. */
  static Fault followStorm() {
    return context -> new Expectation(0, FollowStorm.run(context.workload(), context.faultSeconds()));
  }

  static long pidOf(Path stackState, String component) throws Exception {
    JsonArray components = new JsonObject(Files.readString(stackState)).getJsonArray("components", new JsonArray());
    for (int i = 0; i < components.size(); i++) {
      JsonObject c = components.getJsonObject(i);
      if (component.equals(c.getString("name"))) return c.getLong("pid");
    }
    throw new IllegalStateException("no " + component + " in " + stackState + ": is the stack up (./chirp up)?");
  }

  private static void signal(long pid, String signal) throws Exception {
    if (new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }
}
