package dev.chirp.common.id;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * 64-bit, time-ordered ids: 41 bits of milliseconds since 2026-01-01 (good until 2095), 10 bits of node id,
 * 12 bits of sequence. Ids from one generator strictly increase even if the wall clock steps backwards:
 * the generator then keeps counting from the last millisecond it used (and borrows the next millisecond
 * when 4096 ids were issued in one), instead of waiting for the clock or repeating an id.
 */
public final class SnowflakeIds {
  public static final long EPOCH_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  public static final int MAX_NODE_ID = 1023;
  private static final int NODE_BITS = 10;
  private static final int SEQUENCE_BITS = 12;
  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
  private static final int TIME_SHIFT = NODE_BITS + SEQUENCE_BITS;

  private final long nodeBits;
  private final LongSupplier clockMillis;
  private long lastMillis = Long.MIN_VALUE;
  private long sequence;

  public SnowflakeIds(int nodeId) {
    this(nodeId, System::currentTimeMillis);
  }

  public SnowflakeIds(int nodeId, LongSupplier clockMillis) {
    if (nodeId < 0 || nodeId > MAX_NODE_ID) {
      throw new IllegalArgumentException("node id must be 0.." + MAX_NODE_ID + ", was " + nodeId);
    }
    this.nodeBits = (long) nodeId << SEQUENCE_BITS;
    this.clockMillis = clockMillis;
  }

  public synchronized long next() {
    long now = clockMillis.getAsLong() - EPOCH_MILLIS;
    if (now > lastMillis) {
      lastMillis = now;
      sequence = 0;
    } else {
      sequence = (sequence + 1) & SEQUENCE_MASK;
      if (sequence == 0) {
        lastMillis++;
      }
    }
    return (lastMillis << TIME_SHIFT) | nodeBits | sequence;
  }

  public static Instant timeOf(long id) {
    return Instant.ofEpochMilli((id >>> TIME_SHIFT) + EPOCH_MILLIS);
  }

  /** The smallest id any generator can issue at {@code time}: a lower bound for range queries by time. */
  public static long firstIdAt(Instant time) {
    return (time.toEpochMilli() - EPOCH_MILLIS) << TIME_SHIFT;
  }

  public static int nodeOf(long id) {
    return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE_ID);
  }
}
