package dev.chirp.common;

import dev.chirp.common.id.NodeRange;
import dev.chirp.common.id.SnowflakeIds;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeRangeTest {
  @Test
  void rangesNeverOverlapAndFitTenBits() {
    Set<Integer> taken = new HashSet<>();
    for (NodeRange range : NodeRange.values()) {
      for (int i = 0; i < range.size(); i++) {
        int id = range.nodeId(i);
        assertThat(id).isBetween(0, SnowflakeIds.MAX_NODE_ID);
        assertThat(taken.add(id)).as("node id %d given twice", id).isTrue();
      }
    }
  }

  @Test
  void anInstanceIndexOutsideTheRangeIsRefusedNamingTheKey() {
    assertThat(NodeRange.FOLLOW_SVC.nodeId(0)).isEqualTo(256);
    assertThat(NodeRange.FOLLOW_SVC.nodeId(3)).isEqualTo(259);
    assertThatThrownBy(() -> NodeRange.TWEET_SVC.nodeId(256)).hasMessageContaining("node.index");
    assertThatThrownBy(() -> NodeRange.TWEET_SVC.nodeId(-1)).hasMessageContaining("node.index");
  }
}
