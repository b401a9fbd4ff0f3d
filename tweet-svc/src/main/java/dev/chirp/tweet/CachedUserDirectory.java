package dev.chirp.tweet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chirp.store.graph.FollowGraphReader;
import dev.chirp.store.graph.UserProfile;
import dev.chirp.common.users.UserRef;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The users the follow graph knows. Users are never renamed or removed, so what the graph once answered stays
 * true and is kept (bounded); only handles that named nobody are asked again, as someone may have signed up
 * with them since.
 */
final class CachedUserDirectory implements UserDirectory {
  private final FollowGraphReader graph;
  private final Cache<Long, String> handlesById;
  private final Cache<String, UserRef> usersByHandleKey;

  CachedUserDirectory(FollowGraphReader graph, long maxEntries) {
    this.graph = graph;
    this.handlesById = Caffeine.newBuilder().maximumSize(maxEntries).build();
    this.usersByHandleKey = Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  @Override
  public Future<Optional<String>> handleOf(long userId) {
    String known = handlesById.getIfPresent(userId);
    if (known != null) return Future.succeededFuture(Optional.of(known));
    return graph.user(userId).map(found -> found.map(UserProfile::handle)
        .map(handle -> {
          handlesById.put(userId, handle);
          return handle;
        }));
  }

  @Override
  public Future<List<UserRef>> usersNamed(List<String> handles) {
    List<String> unknown = handles.stream().map(FollowGraphReader::handleKey)
        .filter(key -> usersByHandleKey.getIfPresent(key) == null).distinct().toList();
    Future<List<UserRef>> looked = unknown.isEmpty() ? Future.succeededFuture(List.of()) : graph.usersByHandles(unknown);
    return looked.map(found -> {
      found.forEach(user -> usersByHandleKey.put(FollowGraphReader.handleKey(user.handle()), user));
      List<UserRef> named = new ArrayList<>();
      handles.stream().map(h -> usersByHandleKey.getIfPresent(FollowGraphReader.handleKey(h))).filter(Objects::nonNull)
          .forEach(named::add);
      return named;
    });
  }
}
