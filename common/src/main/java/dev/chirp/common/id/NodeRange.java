package dev.chirp.common.id;

/**
 * Who may mint ids with which snowflake node ids (10 bits, 0–1023). Ranges never overlap, so two processes never
 * share a node id: a service instance's node id is its range's start plus its instance index (the StatefulSet pod
 * index in Kubernetes, the instance index 0, 1, 2 … of `./chirp up --replicas` locally).
 */
public enum NodeRange {
  TWEET_SVC(0, 256),
  FOLLOW_SVC(256, 256),
  // 512–895: not given out yet.
  TESTS(896, 104),
  BENCH(1000, 24);

  private final int first;
  private final int size;

  NodeRange(int first, int size) {
    this.first = first;
    this.size = size;
  }

  public int first() {
    return first;
  }

  public int size() {
    return size;
  }

  /** Whether {@code nodeId} is one of this range's. */
  public boolean contains(int nodeId) {
    return nodeId >= first && nodeId < first + size;
  }

  /** The node id of instance {@code index} (0-based) of this range's owner. */
  public int nodeId(int index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(name() + " has node ids for instances 0.." + (size - 1) + ", not " + index
          + " (node.index)");
    }
    return first + index;
  }
}
