package dev.chirp.bench;

import io.vertx.redis.client.Redis;
import org.apache.pulsar.client.api.PulsarClient;

import java.nio.file.Path;
import java.util.List;

/**
 * One drill of {@code ./chirp drill}: its fault, and whether the check reads every follower's home timeline through
 * the API before it reads Redis. It does for the drills in which Redis itself loses writes (redis-kill,
 * redis-stale-snapshot): there the designed recovery is a repair on the timeline's next read, and a user's read is
 * part of it. The other drills check Redis without reading first: their losses are the fan-out path's, and a
 * read-repair must not be able to hide them.
 */
record Drill(String name, String description, Fault fault, boolean readsThroughApiFirst) {
  /** Engine outages last this long whatever --fault-seconds says. */
  static final double OUTAGE_SECONDS = 30;

  /** Does something to the stack (or to its inputs) while the workload runs; returns once the fault is over. */
  interface Fault {
    Expectation inject(Context context) throws Exception;
  }

  /** What a drill injected, for the check beyond the steady workload's posts. */
  record Expectation(long deadLetters, FollowStorm.Outcome storm) {
    static final Expectation NONE = new Expectation(0, null);
  }

  /** What a fault may use. {@code runMark}: unique to this ./chirp drill run. */
  record Context(Path stackState, double faultSeconds, Redis redis, PulsarClient pulsar, String tweetTopic, String runMark,
                 DrillAudience audience, DrillWorkload workload) {
  }

  static final List<Drill> ALL = List.of(
      direct("fanout-worker-kill", "SIGKILL the fan-out worker", DrillFaults.kill("fanout-worker")),
      direct("edge-kill", "SIGKILL the entry point", DrillFaults.kill("edge")),
      new Drill("redis-kill", "SIGKILL Redis: it restarts from its last snapshot (save 60 1); timelines read through the"
          + " API before the check", DrillFaults.kill("redis"), true),
      direct("cassandra-kill", "SIGKILL Cassandra", DrillFaults.kill("cassandra")),
      direct("neo4j-kill", "SIGKILL Neo4j", DrillFaults.kill("neo4j")),
      direct("pulsar-kill", "SIGKILL Pulsar", DrillFaults.kill("pulsar")),
      direct("redis-freeze", "SIGSTOP Redis for --fault-seconds", DrillFaults.freeze("redis", null)),
      direct("cassandra-freeze", "SIGSTOP Cassandra for --fault-seconds", DrillFaults.freeze("cassandra", null)),
      direct("neo4j-freeze", "SIGSTOP Neo4j for --fault-seconds", DrillFaults.freeze("neo4j", null)),
      direct("pulsar-freeze", "SIGSTOP Pulsar for --fault-seconds", DrillFaults.freeze("pulsar", null)),
      direct("tweet-svc-term", "SIGTERM tweet-svc (drains, restarted)", DrillFaults.term("tweet-svc")),
      direct("tweet-svc-kill", "SIGKILL tweet-svc", DrillFaults.kill("tweet-svc")),
      direct("follow-svc-term", "SIGTERM follow-svc", DrillFaults.term("follow-svc")),
      direct("follow-svc-kill", "SIGKILL follow-svc", DrillFaults.kill("follow-svc")),
      direct("timeline-svc-term", "SIGTERM timeline-svc", DrillFaults.term("timeline-svc")),
      direct("timeline-svc-kill", "SIGKILL timeline-svc", DrillFaults.kill("timeline-svc")),
      direct("fanout-worker-term", "SIGTERM the fan-out worker", DrillFaults.term("fanout-worker")),
      direct("redis-write-outage", "Redis refuses writes for 30 s (CONFIG SET min-replicas-to-write 1, then 0):"
          + " timeline reads still served, without renewing their expiry", DrillFaults.redisRefusesWrites(OUTAGE_SECONDS)),
      direct("neo4j-outage", "Neo4j unavailable for 30 s during fan-out: SIGSTOP, then SIGCONT (the launcher has no"
          + " stop-then-start for an engine; a frozen engine times out its clients like a down one)",
          DrillFaults.freeze("neo4j", OUTAGE_SECONDS)),
      direct("cassandra-outage", "Cassandra unavailable for 30 s during fan-out: SIGSTOP, then SIGCONT (as neo4j-outage)",
          DrillFaults.freeze("cassandra", OUTAGE_SECONDS)),
      new Drill("redis-stale-snapshot", "SAVE a Redis snapshot, keep posting " + (int) DrillFaults.SNAPSHOT_AGE_SECONDS
          + " s, SIGKILL Redis: it restarts from the stale snapshot; timelines read through the API before the check"
          + " (repair on read)", DrillFaults.staleSnapshot(DrillFaults.SNAPSHOT_AGE_SECONDS), true),
      direct("poison-event", "publish an unparseable message and a JSON event of unknown type to the tweet topic,"
          + " keyed by a drill author: expect both dead-lettered (dead+ shows added (ours/expected)), nothing else"
          + " lost or late", DrillFaults.poison()),
      direct("follow-storm", "one follower toggles follow/unfollow on one author every 50 ms, five more every ~300 ms,"
          + " for --fault-seconds while the author posts: each timeline holds the author's posts iff the final"
          + " following list says it follows (extra: held though not following)", DrillFaults.followStorm()));

  private static Drill direct(String name, String description, Fault fault) {
    return new Drill(name, description, fault, false);
  }
}
