package dev.chirp.fanout;

import io.vertx.core.Future;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The follow graph in memory: who follows whom, and how often its follower lists and counts were read. */
final class FakeFollowGraph implements FollowerIds, FollowerCounts, FollowState {
  private final Map<Long, Set<Long>> followers = new HashMap<>();
  private final Map<Long, Integer> listReads = new HashMap<>();
  private final Map<Long, Integer> countReads = new HashMap<>();

  /** A user the graph knows, so far with no followers. */
  void user(long userId) {
    followers.putIfAbsent(userId, new LinkedHashSet<>());
  }

  void follow(long followerId, long authorId) {
    user(followerId);
    user(authorId);
    followers.get(authorId).add(followerId);
  }

  void unfollow(long followerId, long authorId) {
    followers.get(authorId).remove(followerId);
  }

  @Override
  public Future<Boolean> follows(long followerId, long followeeId) {
    return Future.succeededFuture(followers.getOrDefault(followeeId, Set.of()).contains(followerId));
  }

  int followerListReads(long authorId) {
    return listReads.getOrDefault(authorId, 0);
  }

  int followerCountReads(long authorId) {
    return countReads.getOrDefault(authorId, 0);
  }

  @Override
  public Future<Long> stream(long authorId, int pageSize, Function<long[], Future<?>> onPage) {
    listReads.merge(authorId, 1, Integer::sum);
    long[] ids = followers.getOrDefault(authorId, Set.of()).stream().mapToLong(Long::longValue).toArray();
    Future<?> handedOver = Future.succeededFuture();
    for (int from = 0; from < ids.length; from += pageSize) {
      long[] page = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + pageSize));
      handedOver = handedOver.compose(previous -> onPage.apply(page));
    }
    return handedOver.map((long) ids.length);
  }

  @Override
  public Future<Optional<Long>> of(long authorId) {
    countReads.merge(authorId, 1, Integer::sum);
    return Future.succeededFuture(Optional.ofNullable(followers.get(authorId)).map(of -> (long) of.size()));
  }
}
