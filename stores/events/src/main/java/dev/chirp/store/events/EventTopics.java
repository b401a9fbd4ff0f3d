package dev.chirp.store.events;

import dev.chirp.common.Resources;

import java.util.List;

/** The topics the stack creates up front ({@code schema/pulsar-topics.txt}), as full names. */
public final class EventTopics {
  private EventTopics() {
  }

  /** {@code persistent://tenant/namespace/topic} names. */
  public static List<String> all() {
    return Resources.lines("schema/pulsar-topics.txt");
  }
}
