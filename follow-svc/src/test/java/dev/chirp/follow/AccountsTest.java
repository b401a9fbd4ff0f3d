package dev.chirp.follow;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.auth.RsaPem;
import dev.chirp.common.error.ApiException;
import dev.chirp.common.id.SnowflakeIds;
import dev.chirp.store.graph.FollowGraphWriter.Credentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link Accounts} with users kept in memory; hashing runs on a real Vert.x worker, with small Argon2 parameters. */
class AccountsTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String EMOJI = "\uD83D\uDE00";
  private static final long TOKEN_TTL_SECONDS = 3600;
  private static final Passwords PASSWORDS = new Passwords(1024, 1);
  private static Vertx vertx;
  private static JwtTokens tokens;

  private final UsersInMemory users = new UsersInMemory();
  private Accounts accounts;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = JwtTokens.issuer(vertx, RsaPem.generate(), "chirp");
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void newAccounts() throws Exception {
    accounts = new Accounts(vertx, users, PASSWORDS, tokens, new SnowflakeIds(7), TOKEN_TTL_SECONDS);
    await(accounts.ready());
  }

  @Test
  void aSignUpStoresTheUserWithAHashOfThePassword() throws Exception {
    Accounts.Account account = await(accounts.signUp("alice", PASSWORD));

    assertThat(account.handle()).isEqualTo("alice");
    assertThat(account.createdAt()).isEqualTo(SnowflakeIds.timeOf(account.id()));
    String stored = users.byHandleKey.get("alice").passwordHash();
    assertThat(stored).isNotEqualTo(PASSWORD);
    assertThat(PASSWORDS.matches(PASSWORD, stored)).isTrue();
  }

  @Test
  void aHandleIsOneToFifteenLettersDigitsOrUnderscores() throws Exception {
    for (String handle : new String[] {"a", "Az_09", "f".repeat(15)}) {
      assertThat(await(accounts.signUp(handle, PASSWORD)).handle()).isEqualTo(handle);
    }
    for (String handle : new String[] {"", "g".repeat(16), "bad-handle", "white space", "\u00e9mile"}) {
      assertRejected(accounts.signUp(handle, PASSWORD), 400, "invalid_handle");
    }
    assertThat(users.byHandleKey).containsOnlyKeys("a", "az_09", "f".repeat(15));
  }

  @Test
  void aPasswordIsEightToOneHundredTwentyEightCodePoints() throws Exception {
    int signedUp = 0;
    for (String password : new String[] {"p".repeat(8), "p".repeat(128), EMOJI.repeat(8), EMOJI.repeat(128)}) {
      await(accounts.signUp("ok" + signedUp++, password));
    }
    // An emoji is two chars but one code point: seven are too short, a hundred twenty-nine too long.
    for (String password : new String[] {"", "p".repeat(7), "p".repeat(129), EMOJI.repeat(7), EMOJI.repeat(129)}) {
      assertRejected(accounts.signUp("rejected", password), 400, "invalid_password");
    }
    assertThat(users.byHandleKey).hasSize(signedUp);
  }

  @Test
  void aSignInWithTheRightPasswordIssuesATokenForTheUser() throws Exception {
    Accounts.Account account = await(accounts.signUp("alice", PASSWORD));

    Accounts.Session session = await(accounts.signIn("alice", PASSWORD));

    assertThat(session.userId()).isEqualTo(account.id());
    assertThat(await(tokens.authenticate(session.token()))).isEqualTo(account.id());
    assertThat(session.expiresAt()).isCloseTo(Instant.now().plusSeconds(TOKEN_TTL_SECONDS), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void aWrongPasswordOrAnUnknownHandleIs401InvalidCredentials() throws Exception {
    await(accounts.signUp("alice", PASSWORD));

    assertRejected(accounts.signIn("alice", "wrong password"), 401, "invalid_credentials");
    assertRejected(accounts.signIn("nobody", PASSWORD), 401, "invalid_credentials");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void assertRejected(Future<?> future, int status, String code) {
    assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOfSatisfying(ApiException.class, error -> {
          assertThat(error.status()).isEqualTo(status);
          assertThat(error.code()).isEqualTo(code);
        });
  }

  /** The accounts in the graph: credentials by handle in any letter case (callbacks run on Vert.x threads). */
  private static final class UsersInMemory implements Accounts.Users {
    final Map<String, Credentials> byHandleKey = new ConcurrentHashMap<>();

    @Override
    public Future<Void> createUser(long id, String handle, String passwordHash, Instant createdAt) {
      byHandleKey.put(handle.toLowerCase(Locale.ROOT), new Credentials(id, passwordHash));
      return Future.succeededFuture();
    }

    @Override
    public Future<Optional<Credentials>> credentials(String handle) {
      return Future.succeededFuture(Optional.ofNullable(byHandleKey.get(handle.toLowerCase(Locale.ROOT))));
    }
  }
}
