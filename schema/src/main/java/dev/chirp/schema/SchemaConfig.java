package dev.chirp.schema;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The schema program's configuration: common's defaults (engine addresses, keyspace, topics) plus {@code schema.json}
 * ({@code cassandra.replication}, {@code fanout.subscription}).
 */
public final class SchemaConfig {
  public static final String DEFAULTS = "schema.json";

  private SchemaConfig() {
  }

  /** As a service reads it: defaults, then {@code CHIRP_*} environment variables, then {@code -Dchirp.*} properties. */
  public static Future<ChirpConfig> load(Vertx vertx) {
    return ChirpConfig.load(vertx, DEFAULTS);
  }

  /**
   * The defaults alone, ignoring the environment: what the launcher and the test harness start from before
   * pointing it at their engines with {@link ChirpConfig#with}.
   */
  public static ChirpConfig defaults() {
    JsonObject defaults = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS)).mergeIn(new JsonObject(Resources.read(DEFAULTS)));
    return ChirpConfig.resolve(defaults, Map.of(), Map.of());
  }
}
