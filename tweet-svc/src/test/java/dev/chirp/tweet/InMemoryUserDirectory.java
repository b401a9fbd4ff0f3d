package dev.chirp.tweet;

import dev.chirp.common.users.UserRef;
import io.vertx.core.Future;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A fixed set of users; handles name them regardless of case, as in the follow graph. */
final class InMemoryUserDirectory implements UserDirectory {
  private final Map<Long, UserRef> byId;
  private final Map<String, UserRef> byHandleKey;

  InMemoryUserDirectory(UserRef... users) {
    byId = Stream.of(users).collect(Collectors.toMap(UserRef::id, Function.identity()));
    byHandleKey = Stream.of(users).collect(Collectors.toMap(user -> handleKey(user.handle()), Function.identity()));
  }

  private static String handleKey(String handle) {
    return handle.toLowerCase(Locale.ROOT);
  }

  @Override
  public Future<Optional<String>> handleOf(long userId) {
    return Future.succeededFuture(Optional.ofNullable(byId.get(userId)).map(UserRef::handle));
  }

  @Override
  public Future<List<UserRef>> usersNamed(List<String> handles) {
    return Future.succeededFuture(handles.stream().map(handle -> byHandleKey.get(handleKey(handle))).filter(Objects::nonNull)
        .toList());
  }
}
