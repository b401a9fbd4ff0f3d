package dev.chirp.deploy;

import dev.chirp.common.engines.Backoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The launcher's rule for a child that exited on its own: restart it after a back-off that grows with its recent
 * exits, and give up — a crash loop — when it exited {@value #CRASH_LOOP_EXITS} times within
 * {@link #CRASH_LOOP_WINDOW}. Keeps each component's restart count and last exit code for {@code status}.
 */
final class Supervision {
  static final int CRASH_LOOP_EXITS = 5;
  static final Duration CRASH_LOOP_WINDOW = Duration.ofMinutes(2);

  record History(int restarts, Integer lastExitCode) {}

  private final Clock clock;
  private final Map<String, Deque<Instant>> recentExits = new ConcurrentHashMap<>();
  private final Map<String, History> histories = new ConcurrentHashMap<>();

  Supervision(Clock clock) {
    this.clock = clock;
  }

  /** Records an exit; the delay before restarting, or empty when the component is in a crash loop. */
  synchronized Optional<Duration> exited(String component, int exitCode) {
    Instant now = clock.instant();
    Deque<Instant> exits = recentExits.computeIfAbsent(component, c -> new ArrayDeque<>());
    exits.addLast(now);
    while (!exits.isEmpty() && exits.peekFirst().isBefore(now.minus(CRASH_LOOP_WINDOW))) exits.removeFirst();
    History before = history(component);
    if (exits.size() >= CRASH_LOOP_EXITS) {
      histories.put(component, new History(before.restarts(), exitCode));
      return Optional.empty();
    }
    histories.put(component, new History(before.restarts() + 1, exitCode));
    return Optional.of(Duration.ofMillis(Backoff.restartDelayMillis(exits.size())));
  }

  History history(String component) {
    return histories.getOrDefault(component, new History(0, null));
  }
}
