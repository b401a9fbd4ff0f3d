package dev.chirp.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PowerLawGraphTest {
  @Test
  void followerCountsFallWithRankAndAverageTheMean() {
    PowerLawGraph graph = PowerLawGraph.generate(20_000, 50, 1.0, 3, 8_000, 2_000, 7);
    assertThat(graph.followerCount(0)).isEqualTo(8_000);
    assertThat(graph.followerCount(3)).isEqualTo(2_000);
    for (int i = 4; i < graph.users(); i++) assertThat(graph.followerCount(i)).isLessThanOrEqualTo(graph.followerCount(i - 1));
    assertThat((double) graph.edges() / graph.users()).isCloseTo(50, org.assertj.core.data.Offset.offset(0.5));
    // A power law: the top 1% of users hold a large share of all follows, the median user few.
    long top = 0;
    for (int i = 0; i < 200; i++) top += graph.followerCount(i);
    assertThat((double) top / graph.edges()).isGreaterThan(0.3);
    assertThat(graph.followerCount(graph.users() / 2)).isLessThan(50);
  }

  @Test
  void followersAreDistinctOtherUsers() {
    PowerLawGraph graph = PowerLawGraph.generate(1_000, 20, 1.0, 1, 999, 500, 3);
    for (int user : new int[] {0, 1, 17, 999}) {
      Set<Integer> seen = new HashSet<>();
      for (int j = 0; j < graph.followerCount(user); j++) {
        int follower = graph.follower(user, j);
        assertThat(follower).isBetween(0, 999).isNotEqualTo(user);
        assertThat(seen.add(follower)).as("follower %d of %d repeated", follower, user).isTrue();
      }
    }
    assertThat(graph.followerCount(0)).isEqualTo(999);
  }

  @Test
  void theSameSeedGivesTheSameGraph() {
    PowerLawGraph a = PowerLawGraph.generate(5_000, 30, 0.9, 2, 3_000, 1_000, 11);
    PowerLawGraph b = PowerLawGraph.generate(5_000, 30, 0.9, 2, 3_000, 1_000, 11);
    PowerLawGraph c = PowerLawGraph.generate(5_000, 30, 0.9, 2, 3_000, 1_000, 12);
    assertThat(a.followerCounts()).isEqualTo(b.followerCounts());
    assertThat(a.follower(100, 5)).isEqualTo(b.follower(100, 5));
    assertThat(a.follower(100, 5) != c.follower(100, 5) || a.follower(100, 6) != c.follower(100, 6)).isTrue();
  }
}
