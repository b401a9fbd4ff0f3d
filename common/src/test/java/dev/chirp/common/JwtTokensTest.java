package dev.chirp.common;

import dev.chirp.common.auth.JwtTokens;
import dev.chirp.common.auth.RsaPem;
import dev.chirp.common.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokensTest {
  private static final RsaPem KEYS = RsaPem.generate();
  private static final RsaPem OTHER_KEYS = RsaPem.generate();
  private static Vertx vertx;
  private static JwtTokens verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    verifier = JwtTokens.verifier(vertx, KEYS.publicKeyPem(), "chirp");
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void aTokenIssuedForAUserAuthenticatesAsThatUser() throws Exception {
    String token = JwtTokens.issuer(vertx, KEYS, "chirp").issue(1865432101234567168L, 3600);
    assertThat(await(verifier.authenticate(token))).isEqualTo(1865432101234567168L);
  }

  @Test
  void anExpiredTokenIsRejected() {
    long past = Instant.now().minusSeconds(600).getEpochSecond();
    String token = craft(KEYS, new JsonObject().put("sub", "1").put("iss", "chirp").put("exp", past));
    assertUnauthorized(token);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejected() {
    assertUnauthorized(JwtTokens.issuer(vertx, OTHER_KEYS, "chirp").issue(1, 3600));
  }

  @Test
  void aTokenFromAnotherIssuerIsRejected() {
    assertUnauthorized(JwtTokens.issuer(vertx, KEYS, "not-chirp").issue(1, 3600));
  }

  @Test
  void algNoneIsRejected() {
    String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload(1)) + ".";
    assertUnauthorized(token);
    assertUnauthorized(token.substring(0, token.length() - 1));
  }

  @Test
  void tamperedSignaturesAreRejected() {
    String token = JwtTokens.issuer(vertx, KEYS, "chirp").issue(1, 3600);
    assertUnauthorized(token + "A");
    assertUnauthorized(token + "=");
    assertUnauthorized(token.substring(0, token.length() - 1));
    assertUnauthorized(token.substring(0, token.lastIndexOf('.') + 10));
    char[] flipped = token.toCharArray();
    int inSignature = token.lastIndexOf('.') + 20;
    flipped[inSignature] = flipped[inSignature] == 'A' ? 'B' : 'A';
    assertUnauthorized(new String(flipped));
  }

  @Test
  void aTamperedPayloadIsRejected() {
    String token = JwtTokens.issuer(vertx, KEYS, "chirp").issue(1, 3600);
    String[] parts = token.split("\\.");
    assertUnauthorized(parts[0] + "." + b64(payload(2)) + "." + parts[2]);
  }

  @Test
  void aTokenWithoutANumericSubjectIsRejected() {
    long future = Instant.now().plusSeconds(600).getEpochSecond();
    assertUnauthorized(craft(KEYS, new JsonObject().put("sub", "alice").put("iss", "chirp").put("exp", future)));
    assertUnauthorized(craft(KEYS, new JsonObject().put("iss", "chirp").put("exp", future)));
  }

  @Test
  void missingOrGarbageTokensAreRejected() {
    assertUnauthorized(null);
    assertUnauthorized("");
    assertUnauthorized("not.a.jwt");
  }

  private static String payload(long sub) {
    return new JsonObject().put("sub", Long.toString(sub)).put("iss", "chirp")
        .put("exp", Instant.now().plusSeconds(600).getEpochSecond()).encode();
  }

  private static String craft(RsaPem keys, JsonObject claims) {
    JWTAuth raw = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(keys.privateKeyPem())));
    return raw.generateToken(claims, new JWTOptions().setAlgorithm("RS256"));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnauthorized(String token) {
    assertThatThrownBy(() -> await(verifier.authenticate(token)))
        .as("token %s", token)
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
