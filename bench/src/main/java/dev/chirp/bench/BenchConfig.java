package dev.chirp.bench;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** The services' own configuration defaults, pointed at the local stack's Cassandra: how the bench reads the stores. */
final class BenchConfig {
  private BenchConfig() {}

  static ChirpConfig cassandra(String contactPoints) {
    JsonObject defaults = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS))
        .put("cassandra.contact-points", contactPoints).put("cassandra.keyspace", "chirp");
    return ChirpConfig.resolve(defaults, Map.of(), Map.of());
  }
}
