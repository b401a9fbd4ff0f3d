package dev.chirp.tweet;

import dev.chirp.common.users.UserRef;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Users as posting needs them: an author's handle and the users @handles name. */
interface UserDirectory {
  Future<Optional<String>> handleOf(long userId);

  /** The users the handles name, in the handles' order; handles of nobody are left out. */
  Future<List<UserRef>> usersNamed(List<String> handles);
}
