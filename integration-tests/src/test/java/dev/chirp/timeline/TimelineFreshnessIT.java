package dev.chirp.timeline;

import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.timelines.TimelineLoader;
import dev.chirp.store.timelines.TimelineReader;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.testsupport.ChirpEngines;
import dev.chirp.testsupport.TestEngines;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline store's own guarantees against real Redis: a rebuild keeps what the fan-out pushes while it reads
 * the stores, and a timeline that may miss writes (Redis restarted from an older snapshot since it was built, or a
 * rebuild ran into a removal) reads as stale until a rebuild makes it complete again.
 */
@ExtendWith(ChirpEngines.class)
class TimelineFreshnessIT {
  private static final int CAP = 6;
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final SnowflakeIds IDS = new SnowflakeIds(905);
  private static Vertx vertx;
  private static TimelineWriter writer;
  private static TimelineReader reader;
  private static TimelineLoader loader;

  @BeforeAll
  static void connect(TestEngines engines) {
    vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, engines.endpoints().redisUri());
    writer = new TimelineWriter(redis, engines.redisPrefix(), CAP);
    reader = new TimelineReader(redis, engines.redisPrefix(), CAP);
    loader = new TimelineLoader(redis, engines.redisPrefix(), CAP);
  }

  @AfterAll
  static void close() {
    await(vertx.close());
  }

  private static TimelineReader.Read read(long user) {
    return await(reader.read(user, Long.MAX_VALUE, CAP, TTL));
  }

  @Test
  void aTweetPushedWhileARebuildReadsTheStoresIsKept() {
    long user = IDS.next();
    long older = IDS.next();
    long old = IDS.next();
    TimelineWriter.Rebuild rebuild = await(writer.beginRebuild(user, TTL));
    // The rebuild reads the stores now; meanwhile the fan-out delivers a new tweet, as it would to an active user.
    long pushed = IDS.next();
    assertThat(await(writer.push(pushed, new long[] {user}))).as("timelines the push reached").isEqualTo(1);
    List<Long> rebuilt = await(writer.finishRebuild(rebuild, List.of(old, older)));

    assertThat(rebuilt).containsExactly(pushed, old, older);
    assertThat(await(reader.ids(user))).containsExactly(pushed, old, older);
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.FRESH);
  }

  @Test
  void aTimelineFromAnEarlierRedisRunIsStaleUntilARebuildReplacesItsContent() {
    long user = IDS.next();
    long kept = IDS.next();
    long goneFromTheStores = IDS.next();
    await(loader.fill(user, List.of(kept, goneFromTheStores), TTL));
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.FRESH);

    // Redis came back from a snapshot taken before later writes: the timeline may miss them (and keep entries
    // whose removal was lost).
    await(loader.restoredFromAnEarlierRun(user));
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.STALE);

    long missed = IDS.next();
    TimelineWriter.Rebuild rebuild = await(writer.beginRebuild(user, TTL));
    assertThat(await(writer.finishRebuild(rebuild, List.of(missed, kept)))).containsExactly(missed, kept);
    assertThat(await(reader.ids(user))).containsExactly(missed, kept);
    TimelineReader.Read after = read(user);
    assertThat(after.state()).isEqualTo(TimelineReader.State.FRESH);
    assertThat(after.slice().ids()).containsExactly(missed, kept);
  }

  @Test
  void aRemovalDuringARebuildLeavesTheTimelineStaleSoTheNextReadRebuildsAgain() {
    long user = IDS.next();
    long unfollowedAuthorsTweet = IDS.next();
    long other = IDS.next();
    TimelineWriter.Rebuild rebuild = await(writer.beginRebuild(user, TTL));
    // The rebuild read the follow graph before the unfollow; the unfollow's removal runs before the rebuild ends.
    await(writer.remove(new long[] {user}, List.of(unfollowedAuthorsTweet)));
    await(writer.finishRebuild(rebuild, List.of(unfollowedAuthorsTweet, other)));
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.STALE);

    TimelineWriter.Rebuild again = await(writer.beginRebuild(user, TTL));
    await(writer.finishRebuild(again, List.of(other)));
    assertThat(await(reader.ids(user))).containsExactly(other);
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.FRESH);
  }

  @Test
  void aSupersededRebuildWritesNothing() {
    long user = IDS.next();
    long a = IDS.next();
    long b = IDS.next();
    TimelineWriter.Rebuild first = await(writer.beginRebuild(user, TTL));
    TimelineWriter.Rebuild second = await(writer.beginRebuild(user, TTL));
    await(writer.finishRebuild(second, List.of(a)));
    // The first rebuild read the stores earlier; what it found must not land on a timeline stamped complete.
    assertThat(await(writer.finishRebuild(first, List.of(b, a)))).containsExactly(b, a);
    assertThat(await(reader.ids(user))).containsExactly(a);
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.FRESH);
  }

  @Test
  void activatingCreatesAnEmptyCompleteTimelineAndKeepsAnExistingOnesState() {
    long user = IDS.next();
    assertThat(await(loader.activate(user, TTL))).isTrue();
    TimelineReader.Read empty = read(user);
    assertThat(empty.state()).isEqualTo(TimelineReader.State.FRESH);
    assertThat(empty.slice().ids()).isEmpty();

    await(loader.restoredFromAnEarlierRun(user));
    assertThat(await(loader.activate(user, TTL))).isFalse();
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.STALE);
  }

  @Test
  void aMissingTimelineReadsAsMissingAndPushesSkipIt() {
    long user = IDS.next();
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.MISSING);
    assertThat(await(writer.push(IDS.next(), new long[] {user}))).isZero();
    assertThat(read(user).state()).isEqualTo(TimelineReader.State.MISSING);
  }
}
