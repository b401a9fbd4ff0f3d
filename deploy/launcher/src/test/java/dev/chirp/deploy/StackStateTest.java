package dev.chirp.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackStateTest {
  @Test
  void survivesARoundTripThroughTheStateFile(@TempDir Path dir) throws Exception {
    Instant started = Instant.parse("2026-11-24T10:00:00Z");
    StackState state = new StackState(42, started, StackState.READY, List.of(
        new StackState.Component("redis", 43, started, 6379, "redis://127.0.0.1:6379", "/x/logs/redis.log", 0, null),
        new StackState.Component("tweet-svc", 44, started, 8081, "http://127.0.0.1:8081", "/x/logs/tweet-svc.log", 2, 137)));
    state.write(dir.resolve("stack.json"));
    assertThat(StackState.read(dir.resolve("stack.json"))).contains(state);
    assertThat(StackState.read(dir.resolve("missing.json"))).isEmpty();
  }

  @Test
  void aProcessCountsAsRunningOnlyWithTheStartTimeItWasRecordedWith() {
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElseThrow();
    assertThat(StackState.isRunning(self.pid(), started)).isTrue();
    assertThat(StackState.isRunning(self.pid(), started.minusSeconds(3600))).as("recycled pid").isFalse();
    assertThat(StackState.isRunning(Long.MAX_VALUE - 1, started)).isFalse();
  }
}
