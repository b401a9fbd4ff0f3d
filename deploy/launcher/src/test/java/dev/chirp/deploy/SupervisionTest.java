package dev.chirp.deploy;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisionTest {
  private Instant now = Instant.parse("2026-12-01T12:00:00Z");
  private final Supervision supervision = new Supervision(new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  });

  @Test
  void restartsAfterAGrowingBackOffAndGivesUpOnACrashLoop() {
    assertThat(supervision.exited("redis", 137)).contains(Duration.ofSeconds(1));
    assertThat(supervision.exited("redis", 137)).contains(Duration.ofSeconds(2));
    assertThat(supervision.exited("redis", 1)).contains(Duration.ofSeconds(4));
    assertThat(supervision.exited("redis", 1)).contains(Duration.ofSeconds(8));
    assertThat(supervision.history("redis")).isEqualTo(new Supervision.History(4, 1));

    assertThat(supervision.exited("redis", 1)).as("the fifth exit within two minutes").isEqualTo(Optional.empty());
    assertThat(supervision.history("redis").lastExitCode()).isEqualTo(1);
  }

  @Test
  void exitsFarApartAreNoCrashLoopAndComponentsAreCountedApart() {
    for (int i = 0; i < 10; i++) {
      assertThat(supervision.exited("tweet-svc", 143)).as("exit %d", i).contains(Duration.ofSeconds(1));
      now = now.plus(Supervision.CRASH_LOOP_WINDOW).plusSeconds(1);
    }
    assertThat(supervision.history("tweet-svc").restarts()).isEqualTo(10);
    assertThat(supervision.history("neo4j")).isEqualTo(new Supervision.History(0, null));
  }
}
