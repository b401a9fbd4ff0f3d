package dev.chirp.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The follower list cache over an in-memory follow graph. */
class FollowerListsTest {
  private static final int PAGE = 3;
  private static final long AUTHOR = 1;
  private static final long OTHER_AUTHOR = 2;

  private final FakeFollowGraph graph = new FakeFollowGraph();

  @Test
  void aSecondTweetOfTheSameAuthorIsServedFromMemory() {
    long[] followers = followers(AUTHOR, 7);
    FollowerLists lists = lists(graph, 1_000);

    assertThat(idsOf(pages(lists, AUTHOR))).containsExactlyInAnyOrder(followers);
    assertThat(idsOf(pages(lists, AUTHOR))).containsExactlyInAnyOrder(followers);
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isEqualTo(1);
  }

  @Test
  void pagesFromMemoryHandEveryIdOnceInPagesOfThePageSize() {
    long[] seven = followers(AUTHOR, 7);
    long[] six = followers(OTHER_AUTHOR, 6);
    FollowerLists lists = lists(graph, 1_000);
    pages(lists, AUTHOR);
    pages(lists, OTHER_AUTHOR);

    List<long[]> pagesOfSeven = pages(lists, AUTHOR);
    List<long[]> pagesOfSix = pages(lists, OTHER_AUTHOR);

    assertThat(pagesOfSeven).extracting(page -> page.length).containsExactly(3, 3, 1);
    assertThat(idsOf(pagesOfSeven)).containsExactlyInAnyOrder(seven);
    assertThat(pagesOfSix).extracting(page -> page.length).containsExactly(3, 3);
    assertThat(idsOf(pagesOfSix)).containsExactlyInAnyOrder(six);
    assertThat(graph.followerListReads(AUTHOR) + graph.followerListReads(OTHER_AUTHOR)).as("follower list reads").isEqualTo(2);
  }

  @Test
  void pagesFromMemoryAreHandedOverTwoAtATime() {
    followers(AUTHOR, 7);
    FollowerLists lists = lists(graph, 1_000);
    pages(lists, AUTHOR);
    List<Promise<Void>> written = new ArrayList<>();

    Future<Void> done = lists.forEachPage(AUTHOR, page -> {
      Promise<Void> writing = Promise.promise();
      written.add(writing);
      return writing.future();
    });

    assertThat(written).hasSize(2);
    written.get(0).complete();
    assertThat(written).as("the next pair waits for both of the first").hasSize(2);
    written.get(1).complete();
    assertThat(written).hasSize(3);
    assertThat(done.isComplete()).isFalse();
    written.get(2).complete();
    assertThat(done.succeeded()).isTrue();
  }

  @Test
  void theCachedCountIsTheLengthOfACachedList() {
    followers(AUTHOR, 7);
    followers(OTHER_AUTHOR, 2);
    FollowerLists lists = lists(graph, 1_000);
    assertThat(lists.cachedCount(AUTHOR)).isEmpty();

    pages(lists, AUTHOR);

    assertThat(lists.cachedCount(AUTHOR)).hasValue(7);
    assertThat(lists.cachedCount(OTHER_AUTHOR)).isEmpty();
  }

  @Test
  void anAuthorWithoutFollowersHasAnEmptyListAndNoPage() {
    graph.user(AUTHOR);
    FollowerLists lists = lists(graph, 1_000);

    assertThat(pages(lists, AUTHOR)).isEmpty();
    assertThat(pages(lists, AUTHOR)).isEmpty();
    assertThat(lists.cachedCount(AUTHOR)).hasValue(0);
  }

  @Test
  void invalidatingAnAuthorDropsTheirListAndTheNextReadIsKeptAgain() {
    followers(AUTHOR, 7);
    followers(OTHER_AUTHOR, 2);
    FollowerLists lists = lists(graph, 1_000);
    pages(lists, AUTHOR);
    pages(lists, OTHER_AUTHOR);

    graph.follow(50, AUTHOR);
    lists.invalidate(AUTHOR);

    assertThat(lists.cachedCount(AUTHOR)).isEmpty();
    assertThat(lists.cachedCount(OTHER_AUTHOR)).hasValue(2);
    assertThat(idsOf(pages(lists, AUTHOR))).contains(50L).hasSize(8);
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isEqualTo(2);
    assertThat(lists.cachedCount(AUTHOR)).hasValue(8);
  }

  @Test
  void aFollowConsumedByAnotherWorkerMakesThisWorkersKeptListStale() {
    followers(AUTHOR, 3);
    SharedVersions versions = new SharedVersions();
    FollowerLists thisWorker = lists(graph, versions, 1_000);
    FollowerLists otherWorker = lists(graph, versions, 1_000);
    pages(thisWorker, AUTHOR);

    graph.follow(50, AUTHOR);
    otherWorker.invalidate(AUTHOR);

    assertThat(idsOf(pages(thisWorker, AUTHOR))).as("the new follower gets the very next tweet").contains(50L).hasSize(4);
    assertThat(graph.followerListReads(AUTHOR)).isEqualTo(2);
    assertThat(idsOf(pages(thisWorker, AUTHOR))).hasSize(4);
    assertThat(graph.followerListReads(AUTHOR)).as("kept again at the new version").isEqualTo(2);
  }

  @Test
  void aListReadWhileItsAuthorWasInvalidatedIsNotKept() {
    Promise<Long> reading = Promise.promise();
    FollowerLists lists = lists(stillReading(reading), 1_000);
    Future<Void> done = lists.forEachPage(AUTHOR, page -> Future.succeededFuture());

    lists.invalidate(AUTHOR);
    reading.complete(2L);

    assertThat(done.succeeded()).isTrue();
    assertThat(lists.cachedCount(AUTHOR)).isEmpty();
  }

  @Test
  void aListReadWhileAnotherAuthorWasInvalidatedIsKept() {
    Promise<Long> reading = Promise.promise();
    FollowerLists lists = lists(stillReading(reading), 1_000);
    lists.forEachPage(AUTHOR, page -> Future.succeededFuture());

    lists.invalidate(OTHER_AUTHOR);
    reading.complete(2L);

    assertThat(lists.cachedCount(AUTHOR)).hasValue(2);
  }

  @Test
  void aListWhosePagesFailedIsNotKept() {
    followers(AUTHOR, 7);
    FollowerLists lists = lists(graph, 1_000);

    Future<Void> done = lists.forEachPage(AUTHOR, page -> Future.failedFuture("timelines unavailable"));

    assertThat(done.failed()).isTrue();
    assertThat(lists.cachedCount(AUTHOR)).isEmpty();
  }

  @Test
  void aListHeavierThanTheWholeBoundIsNotKept() {
    followers(AUTHOR, 6);
    followers(OTHER_AUTHOR, 5);
    FollowerLists lists = lists(graph, 5);

    pages(lists, AUTHOR);
    pages(lists, OTHER_AUTHOR);

    assertThat(lists.cachedCount(AUTHOR)).isEmpty();
    assertThat(lists.cachedCount(OTHER_AUTHOR)).hasValue(5);
    pages(lists, AUTHOR);
    assertThat(graph.followerListReads(AUTHOR)).as("follower list reads").isEqualTo(2);
  }

  @Test
  void theBoundCountsTheIdsOfAllCachedLists() {
    followers(AUTHOR, 3);
    followers(OTHER_AUTHOR, 3);
    FollowerLists lists = lists(graph, 5);

    pages(lists, AUTHOR);
    pages(lists, OTHER_AUTHOR);

    int cachedIds = lists.cachedCount(AUTHOR).orElse(0) + lists.cachedCount(OTHER_AUTHOR).orElse(0);
    assertThat(cachedIds).isEqualTo(3);
  }

  /** Evictions run on the caller's thread, so a list over the bound is gone as soon as it was put. */
  private static FollowerLists lists(FollowerIds graph, long maxCachedIds) {
    return lists(graph, new SharedVersions(), maxCachedIds);
  }

  private static FollowerLists lists(FollowerIds graph, FollowerListVersions versions, long maxCachedIds) {
    return new FollowerLists(graph, versions, PAGE, maxCachedIds, Duration.ofMinutes(5), Runnable::run);
  }

  /** A graph whose read of two followers' ids has handed over its page but not yet completed. */
  private static FollowerIds stillReading(Promise<Long> reading) {
    return (authorId, pageSize, onPage) -> onPage.apply(new long[] {11, 12}).compose(handedOver -> reading.future());
  }

  /** The author gets this many new followers, with ids unique to the author. */
  private long[] followers(long authorId, int count) {
    long[] followers = new long[count];
    for (int i = 0; i < count; i++) {
      followers[i] = authorId * 1_000 + i;
      graph.follow(followers[i], authorId);
    }
    return followers;
  }

  /** The pages handed over for the author's tweet, each written at once. */
  private static List<long[]> pages(FollowerLists lists, long authorId) {
    List<long[]> pages = new ArrayList<>();
    Future<Void> done = lists.forEachPage(authorId, page -> {
      pages.add(page);
      return Future.succeededFuture();
    });
    assertThat(done.succeeded()).as("every page handed over at once: %s", done).isTrue();
    return pages;
  }

  private static long[] idsOf(List<long[]> pages) {
    return pages.stream().flatMapToLong(Arrays::stream).toArray();
  }
}
