package dev.chirp.store.timelines;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineMembershipTest {
  private final TimelineMembership membership = new TimelineMembership(4);

  @Test
  void aTweetReachesItsAuthorAndEachMentionedUserOnce() {
    assertThat(TimelineMembership.authorAndMentioned(1, List.of(7L, 1L, 7L, 9L))).containsExactly(1, 7, 9);
    assertThat(TimelineMembership.authorAndMentioned(1, List.of())).containsExactly(1);
  }

  @Test
  void authorsAboveTheThresholdAreMergedAtReadTimeInsteadOfFannedOut() {
    assertThat(TimelineMembership.fannedOutToFollowers(10, 10)).isTrue();
    assertThat(TimelineMembership.fannedOutToFollowers(11, 10)).isFalse();
  }

  @Test
  void aRebuiltTimelineIsTheNewestIdsOfAllSourcesEachOnceCapped() {
    List<Long> followee = List.of(50L, 30L, 10L);
    List<Long> own = List.of(40L, 30L);
    List<Long> mentions = List.of(60L, 5L);
    assertThat(membership.timelineOf(List.of(followee, own, mentions))).containsExactly(60L, 50L, 40L, 30L);
    assertThat(membership.timelineOf(List.of(List.of(2L), List.of()))).containsExactly(2L);
    assertThat(membership.timelineOf(List.of())).isEmpty();
  }

  @Test
  void aRebuildReadsTheFolloweesAndTheUser() {
    assertThat(TimelineMembership.authorsOf(1, List.of(2L, 3L))).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void mentionsStayAfterAnUnfollowAndAFollowMergesAsManyTweetsAsATimelineHolds() {
    assertThat(TimelineMembership.staysAfterUnfollow(7, List.of(3L, 7L))).isTrue();
    assertThat(TimelineMembership.staysAfterUnfollow(7, List.of(3L))).isFalse();
    assertThat(membership.authorWindow()).isEqualTo(membership.cap()).isEqualTo(4);
  }

  @Test
  void aTimelineHoldsAtLeastOneId() {
    assertThatThrownBy(() -> new TimelineMembership(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
