package dev.chirp.common;

import dev.chirp.common.id.SnowflakeIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnowflakeIdsTest {

  @Test
  void idsStrictlyIncreaseFromOneThread() {
    SnowflakeIds ids = new SnowflakeIds(7);
    long previous = ids.next();
    for (int i = 0; i < 200_000; i++) {
      long next = ids.next();
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
    assertThat(SnowflakeIds.nodeOf(previous)).isEqualTo(7);
  }

  @Test
  void idsAreUniqueAcrossThreads() throws InterruptedException {
    SnowflakeIds ids = new SnowflakeIds(1);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    int threads = 8;
    int perThread = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) seen.add(ids.next());
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) worker.join();
    assertThat(seen).hasSize(threads * perThread);
  }

  @Test
  void survivesTheClockSteppingBackwards() {
    AtomicLong clock = new AtomicLong(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
    SnowflakeIds ids = new SnowflakeIds(3, clock::get);
    Set<Long> issued = new HashSet<>();
    long before = ids.next();
    issued.add(before);
    clock.addAndGet(-60_000);
    long previous = before;
    for (int i = 0; i < 10_000; i++) {
      long next = ids.next();
      assertThat(next).isGreaterThan(previous);
      assertThat(issued.add(next)).isTrue();
      previous = next;
    }
    clock.addAndGet(120_000);
    assertThat(ids.next()).isGreaterThan(previous);
  }

  @Test
  void moreThanFourThousandIdsInOneMillisecondStayUniqueAndOrdered() {
    SnowflakeIds ids = new SnowflakeIds(0, () -> Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
    long previous = ids.next();
    for (int i = 0; i < 10_000; i++) {
      long next = ids.next();
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  void embedsTheTimeItWasMadeAt() {
    Instant at = Instant.parse("2026-11-24T10:15:30.123Z");
    long id = new SnowflakeIds(5, at::toEpochMilli).next();
    assertThat(SnowflakeIds.timeOf(id)).isEqualTo(at);
    assertThat(SnowflakeIds.firstIdAt(at)).isLessThanOrEqualTo(id);
    assertThat(SnowflakeIds.firstIdAt(at.plusMillis(1))).isGreaterThan(id);
  }

  @Test
  void rejectsNodeIdsOutOfRange() {
    assertThatThrownBy(() -> new SnowflakeIds(1024)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SnowflakeIds(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
