package dev.chirp.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTest {
  @Test
  void staticFollowsCountMissingPairsAndExtraCopies() {
    // Tweets 1 and 2 by author 100 (followers 7 and 8), tweet 3 by author 200 (follower 8).
    Map<Long, Long> accepted = Map.of(1L, 100L, 2L, 100L, 3L, 200L);
    Map<Long, List<Long>> followersOf = Map.of(100L, List.of(7L, 8L), 200L, List.of(8L));
    Map<Long, List<Long>> timelines = Map.of(7L, List.of(2L, 1L, 1L), 8L, List.of(3L));

    assertThat(Delivery.ofStaticFollows(accepted, followersOf, timelines)).isEqualTo(new Delivery(2, 0, 1));
  }

  @Test
  void aPostOfAnAuthorWithoutCheckedFollowersIsNotJudged() {
    assertThat(Delivery.ofStaticFollows(Map.of(1L, 300L), Map.of(100L, List.of(7L)), Map.of(7L, List.of())))
        .isEqualTo(Delivery.NONE);
  }

  @Test
  void aFollowerWhoFollowsAtTheEndHoldsEveryPostOnce() {
    assertThat(Delivery.ofFinalFollow(List.of(1L, 2L, 3L), true, List.of(9L, 3L, 2L, 1L))).isEqualTo(Delivery.NONE);
    assertThat(Delivery.ofFinalFollow(List.of(1L, 2L, 3L), true, List.of(3L, 1L, 1L)))
        .isEqualTo(new Delivery(1, 0, 1));
  }

  @Test
  void aFollowerWhoDoesNotFollowAtTheEndHoldsNoneOfThem() {
    assertThat(Delivery.ofFinalFollow(List.of(1L, 2L), false, List.of(9L))).isEqualTo(Delivery.NONE);
    assertThat(Delivery.ofFinalFollow(List.of(1L, 2L), false, List.of(2L, 9L, 2L))).isEqualTo(new Delivery(0, 1, 1));
  }

  @Test
  void convergedMeansNothingMissingOrMisplacedWhateverTheDuplicates() {
    assertThat(new Delivery(0, 0, 3).converged()).isTrue();
    assertThat(new Delivery(1, 0, 0).converged()).isFalse();
    assertThat(new Delivery(0, 1, 0).converged()).isFalse();
    assertThat(new Delivery(1, 2, 3).plus(new Delivery(1, 1, 1))).isEqualTo(new Delivery(2, 3, 4));
  }
}
