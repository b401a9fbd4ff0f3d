package dev.chirp.tweet;

import dev.chirp.common.id.NodeRange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxAdoptionTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration SILENT = Duration.ofMinutes(2);
  private final InMemoryTweetStore store = new InMemoryTweetStore();

  private OutboxAdoption adoptionBy(int ownNode) {
    return new OutboxAdoption(store, NodeRange.TWEET_SVC, ownNode, SILENT, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void node(int nodeId, Instant lastBeat) {
    store.initialise(nodeId, 0);
    if (lastBeat != null) store.beat(nodeId, lastBeat);
  }

  @Test
  void onlySilentNodesOfThisServiceOtherThanItselfAreAdopted() {
    node(0, NOW.minusSeconds(3600));       // itself, however silent
    node(1, NOW.minusSeconds(10));         // alive
    node(2, NOW.minus(SILENT).minusSeconds(1));
    node(3, null);                          // swept before beats were recorded
    node(NodeRange.FOLLOW_SVC.nodeId(0), NOW.minusSeconds(3600)); // another service's ids: not tweet-svc's outbox

    assertThat(Futures.resultOf(adoptionBy(0).adoptSilentNodes())).containsExactlyInAnyOrder(2, 3);
    assertThat(store.lastBeat(2)).as("claimed: the adopter's beat").isEqualTo(NOW);
    assertThat(store.lastBeat(1)).isEqualTo(NOW.minusSeconds(10));
  }

  @Test
  void oneInstanceWinsASilentNode() {
    node(5, NOW.minusSeconds(3600));
    List<Integer> first = Futures.resultOf(adoptionBy(0).adoptSilentNodes());
    List<Integer> second = Futures.resultOf(adoptionBy(1).adoptSilentNodes());
    assertThat(first).containsExactly(5);
    assertThat(second).as("its beat is fresh now").isEmpty();
  }
}
