package dev.chirp.common;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChirpConfigTest {
  private final JsonObject defaults = new JsonObject().put("http.port", 8081).put("cassandra.keyspace", "chirp")
      .put("fanout.enabled", true);

  @Test
  void defaultsApplyWhenNothingOverrides() {
    ChirpConfig config = ChirpConfig.resolve(defaults, Map.of(), Map.of());
    assertThat(config.integer("http.port")).isEqualTo(8081);
    assertThat(config.string("cassandra.keyspace")).isEqualTo("chirp");
  }

  @Test
  void envBeatsDefaultsAndSystemPropertiesBeatEnv() {
    Map<String, String> env = Map.of("CHIRP_HTTP_PORT", "9001", "CHIRP_CASSANDRA_KEYSPACE", "from_env");
    Map<String, String> sys = Map.of("chirp.http.port", "9002");
    ChirpConfig config = ChirpConfig.resolve(defaults, env, sys);
    assertThat(config.integer("http.port")).isEqualTo(9002);
    assertThat(config.string("cassandra.keyspace")).isEqualTo("from_env");
    assertThat(config.bool("fanout.enabled")).isTrue();
  }

  @Test
  void overridesAreTypedLikeTheDefault() {
    ChirpConfig config = ChirpConfig.resolve(defaults, Map.of("CHIRP_FANOUT_ENABLED", "false"), Map.of());
    assertThat(config.bool("fanout.enabled")).isFalse();
    assertThatThrownBy(() -> ChirpConfig.resolve(defaults, Map.of("CHIRP_HTTP_PORT", "eighty"), Map.of()))
        .hasMessageContaining("CHIRP_HTTP_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> ChirpConfig.resolve(defaults, Map.of("CHIRP_FANOUT_ENABLED", "yes"), Map.of()))
        .hasMessageContaining("CHIRP_FANOUT_ENABLED");
  }

  @Test
  void unknownKeysAreAnErrorNotANull() {
    ChirpConfig config = ChirpConfig.resolve(defaults, Map.of(), Map.of());
    assertThatThrownBy(() -> config.string("no.such.key")).hasMessageContaining("no.such.key");
  }

  @Test
  void withReplacesKnownKeysOnly() {
    ChirpConfig config = ChirpConfig.resolve(defaults, Map.of(), Map.of()).with(Map.of("http.port", "1234"));
    assertThat(config.integer("http.port")).isEqualTo(1234);
    assertThat(config.string("cassandra.keyspace")).isEqualTo("chirp");
    assertThatThrownBy(() -> config.with(Map.of("htp.port", "1"))).hasMessageContaining("htp.port");
  }

  @Test
  void aChirpVariableThatNamesNoKeyFailsNamingIt() {
    assertThatThrownBy(() -> ChirpConfig.resolve(defaults, Map.of("CHIRP_HTTP_PROT", "80", "PATH", "/bin"), Map.of()))
        .hasMessageContaining("CHIRP_HTTP_PROT").hasMessageNotContaining("PATH");
    assertThat(ChirpConfig.knows(defaults, "CHIRP_HTTP_PORT")).isTrue();
    assertThat(ChirpConfig.knows(defaults, "CHIRP_HTTP_PROT")).isFalse();
  }

  @Test
  void aSecretComesFromItsFileWhenOneIsNamedAndIsNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    JsonObject withSecrets = defaults.copy().put("redis.password", "").put("redis.password-file", "")
        .put("pulsar.auth-token", "").put("pulsar.auth-token-file", "");
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("password"), "s3cret from a Secret\n");
    ChirpConfig fromFile = ChirpConfig.resolve(withSecrets, Map.of("CHIRP_REDIS_PASSWORD_FILE", file.toString(),
        "CHIRP_PULSAR_AUTH_TOKEN", "inline-token"), Map.of());
    assertThat(fromFile.secret("redis.password")).isEqualTo("s3cret from a Secret");
    assertThat(fromFile.secret("pulsar.auth-token")).isEqualTo("inline-token");
    assertThat(fromFile.toString()).doesNotContain("inline-token").contains(file.toString());
    ChirpConfig missing = ChirpConfig.resolve(withSecrets, Map.of("CHIRP_REDIS_PASSWORD_FILE", dir.resolve("nope").toString()), Map.of());
    assertThatThrownBy(() -> missing.secret("redis.password")).hasMessageContaining("redis.password-file");
  }

  @Test
  void envNamesFollowTheDocumentedRule() {
    assertThat(ChirpConfig.envName("jwt.public-key-file")).isEqualTo("CHIRP_JWT_PUBLIC_KEY_FILE");
  }

  @Test
  void loadReadsTheDefaultsFilesThroughVertxConfigAndAppliesSystemProperties() throws Exception {
    Vertx vertx = Vertx.vertx();
    System.setProperty("chirp.cassandra.keyspace", "from_sys");
    try {
      ChirpConfig config = ChirpConfig.load(vertx, "test-service-defaults.json")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(config.string("cassandra.keyspace")).isEqualTo("from_sys");
      assertThat(config.integer("http.port")).isEqualTo(18081);
      assertThat(config.string("pulsar.tweet-topic")).isEqualTo("persistent://chirp/events/tweets");
      assertThat(config.toString()).doesNotContain("\"neo4j.password\":\"\"").contains("***");
    } finally {
      System.clearProperty("chirp.cassandra.keyspace");
      vertx.close();
    }
  }
}
