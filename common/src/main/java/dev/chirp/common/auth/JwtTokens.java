package dev.chirp.common.auth;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RS256 tokens whose {@code sub} is the acting user's id. Only RS256: a probe saw vertx-auth-jwt 5.0.7 accept
 * an ES256 signature with a character appended. Verifying needs only the public key; issuing (sign-in) also
 * needs the private key.
 */
public final class JwtTokens {
  private static final String ALGORITHM = "RS256";

  private final JWTAuth auth;
  private final String issuer;
  private final boolean canIssue;

  private JwtTokens(JWTAuth auth, String issuer, boolean canIssue) {
    this.auth = auth;
    this.issuer = issuer;
    this.canIssue = canIssue;
  }

  public static JwtTokens verifier(Vertx vertx, String publicKeyPem, String issuer) {
    return new JwtTokens(JWTAuth.create(vertx, options(issuer).addPubSecKey(key(publicKeyPem))), issuer, false);
  }

  public static JwtTokens issuer(Vertx vertx, RsaPem keys, String issuer) {
    JWTAuthOptions options = options(issuer).addPubSecKey(key(keys.publicKeyPem())).addPubSecKey(key(keys.privateKeyPem()));
    return new JwtTokens(JWTAuth.create(vertx, options), issuer, true);
  }

  /** An issuer (sign-in) from the key files named by {@code jwt.private-key-file} and {@code jwt.public-key-file}. */
  public static JwtTokens issuerFromConfig(Vertx vertx, ChirpConfig config) {
    RsaPem keys = new RsaPem(read(Path.of(config.string("jwt.private-key-file"))), read(Path.of(config.string("jwt.public-key-file"))));
    return issuer(vertx, keys, config.string("jwt.issuer"));
  }

  /** A verifier only (every service but sign-in) from the key file named by {@code jwt.public-key-file}. */
  public static JwtTokens verifierFromConfig(Vertx vertx, ChirpConfig config) {
    return verifier(vertx, read(Path.of(config.string("jwt.public-key-file"))), config.string("jwt.issuer"));
  }

  private static JWTAuthOptions options(String issuer) {
    return new JWTAuthOptions().setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer).setLeeway(5));
  }

  private static PubSecKeyOptions key(String pem) {
    return new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(pem);
  }

  public String issue(long userId, long ttlSeconds) {
    if (!canIssue) throw new IllegalStateException("this JwtTokens only verifies");
    return auth.generateToken(new JsonObject(), new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(issuer)
        .setSubject(Long.toString(userId)).setExpiresInSeconds((int) ttlSeconds));
  }

  /** The user id the token speaks for, or a failed future with a 401 {@link ApiException}. */
  public Future<Long> authenticate(String token) {
    if (token == null || token.isBlank()) return Future.failedFuture(ApiException.unauthorized("a bearer token is required"));
    return auth.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiException.unauthorized("invalid or expired token")))
        .compose(user -> {
          String subject = user.principal().getString("sub");
          try {
            return Future.succeededFuture(Long.parseLong(subject));
          } catch (NumberFormatException | NullPointerException e) {
            return Future.failedFuture(ApiException.unauthorized("token has no user subject"));
          }
        });
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JWT key " + file.toAbsolutePath()
          + " (./chirp up creates dev keys; set CHIRP_JWT_PUBLIC_KEY_FILE otherwise)", e);
    }
  }
}
