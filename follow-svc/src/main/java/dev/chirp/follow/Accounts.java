package dev.chirp.follow;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.graph.FollowGraphWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-up and sign-in. Argon2 is slow by design (seconds while the JIT is cold), so hashing runs on worker
 * threads, never on the event loop; an unknown handle is checked against a decoy hash, so it costs as long as a
 * wrong password and does not tell which handles exist.
 */
final class Accounts {
  static final Pattern HANDLE = Pattern.compile("^[A-Za-z0-9_]{1,15}$");
  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 128;

  record Account(long id, String handle, Instant createdAt) {
  }

  record Session(String token, long userId, Instant expiresAt) {
  }

  /** The accounts in the graph (Neo4j): creating one, and the credentials a sign-in checks. */
  interface Users {
    /** Fails with 409 handle_taken when the handle exists in any letter case. */
    Future<Void> createUser(long id, String handle, String passwordHash, Instant createdAt);

    /** The user's id and password hash, by handle in any letter case; empty if there is no such user. */
    Future<Optional<FollowGraphWriter.Credentials>> credentials(String handle);
  }

  private final Vertx vertx;
  private final Users users;
  private final Passwords passwords;
  private final JwtTokens tokens;
  private final SnowflakeIds ids;
  private final long tokenTtlSeconds;
  private final Future<String> decoyHash;

  Accounts(Vertx vertx, Users users, Passwords passwords, JwtTokens tokens, SnowflakeIds ids, long tokenTtlSeconds) {
    this.vertx = vertx;
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.ids = ids;
    this.tokenTtlSeconds = tokenTtlSeconds;
    this.decoyHash = vertx.executeBlocking(() -> passwords.hash("decoy password that matches nothing"));
  }

  /** Completes once the decoy hash exists: until then sign-in could not answer in constant time. */
  Future<Void> ready() {
    return decoyHash.mapEmpty();
  }

  Future<Account> signUp(String handle, String password) {
    if (!HANDLE.matcher(handle).matches()) {
      return Future.failedFuture(ApiException.badRequest("invalid_handle", "handle must be 1 to 15 letters, digits or underscores"));
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      return Future.failedFuture(ApiException.badRequest("invalid_password",
          "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
    }
    long id = ids.next();
    Instant createdAt = SnowflakeIds.timeOf(id);
    return vertx.executeBlocking(() -> passwords.hash(password), false)
        .compose(hash -> users.createUser(id, handle, hash, createdAt))
        .map(v -> new Account(id, handle, createdAt));
  }

  Future<Session> signIn(String handle, String password) {
    return Future.all(users.credentials(handle), decoyHash).compose(both -> {
      Optional<FollowGraphWriter.Credentials> found = both.resultAt(0);
      String decoy = both.resultAt(1);
      return vertx.executeBlocking(() -> found.filter(c -> passwords.matches(password, c.passwordHash())).or(() -> {
        passwords.matches(password, decoy);
        return Optional.empty();
      }), false);
    }).compose(match -> {
      if (match.isEmpty()) return Future.failedFuture(new ApiException(401, "invalid_credentials", "unknown handle or wrong password"));
      long userId = match.get().userId();
      return Future.succeededFuture(new Session(tokens.issue(userId, tokenTtlSeconds), userId,
          Instant.now().plusSeconds(tokenTtlSeconds)));
    });
  }
}
