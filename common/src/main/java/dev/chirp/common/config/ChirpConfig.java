package dev.chirp.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Flat, dotted configuration keys ({@code cassandra.keyspace}, {@code http.port}). Every key has a default in a
 * JSON file on the classpath; an environment variable {@code CHIRP_<KEY>} (upper case, dots and dashes as
 * underscores) overrides it, and a system property {@code chirp.<key>} overrides both. Only keys that have a
 * default exist, so a typo in an override is not silently invented into a new key.
 */
public final class ChirpConfig {
  public static final String COMMON_DEFAULTS = "chirp-defaults.json";
  static final String ENV_PREFIX = "CHIRP_";
  static final String SYS_PREFIX = "chirp.";

  private final JsonObject values;

  private ChirpConfig(JsonObject values) {
    this.values = values;
  }

  /** Loads the common defaults, then each service's own defaults file (later files win), then env, then sys. */
  public static Future<ChirpConfig> load(Vertx vertx, String... serviceDefaults) {
    ConfigRetrieverOptions files = new ConfigRetrieverOptions().addStore(classpathJson(COMMON_DEFAULTS));
    for (String resource : serviceDefaults) {
      files.addStore(classpathJson(resource));
    }
    ConfigStoreOptions env = new ConfigStoreOptions().setType("env").setConfig(new JsonObject().put("raw-data", true));
    ConfigStoreOptions sys = new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("hierarchical", false));
    return retrieve(vertx, files).compose(defaults ->
        retrieve(vertx, new ConfigRetrieverOptions().addStore(env)).compose(envValues ->
            retrieve(vertx, new ConfigRetrieverOptions().addStore(sys)).map(sysValues ->
                resolve(defaults, strings(envValues), strings(sysValues)))));
  }

  private static Future<JsonObject> retrieve(Vertx vertx, ConfigRetrieverOptions options) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options.setScanPeriod(-1));
    return retriever.getConfig().andThen(done -> retriever.close());
  }

  private static ConfigStoreOptions classpathJson(String resource) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setConfig(new JsonObject().put("path", resource));
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> map = new HashMap<>();
    json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    return map;
  }

  /** The precedence rule itself, free of I/O: defaults < env < system properties, typed like the default. */
  public static ChirpConfig resolve(JsonObject defaults, Map<String, String> env, Map<String, String> sys) {
    JsonObject resolved = new JsonObject();
    for (String key : defaults.fieldNames()) {
      Object fallback = defaults.getValue(key);
      String override = sys.getOrDefault(SYS_PREFIX + key, env.get(envName(key)));
      resolved.put(key, override == null ? fallback : coerce(key, override, fallback));
    }
    return new ChirpConfig(resolved);
  }

  /** A copy with some keys replaced (typed like their defaults): how tests point a service at their engines. */
  public ChirpConfig with(Map<String, String> overrides) {
    Map<String, String> sys = new HashMap<>();
    overrides.forEach((key, value) -> {
      if (!values.containsKey(key)) throw new NoSuchElementException("no configuration key '" + key + "'");
      sys.put(SYS_PREFIX + key, value);
    });
    return resolve(values, Map.of(), sys);
  }

  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Object coerce(String key, String raw, Object like) {
    try {
      if (like instanceof Integer) return Integer.parseInt(raw.trim());
      if (like instanceof Long) return Long.parseLong(raw.trim());
      if (like instanceof Boolean) {
        String b = raw.trim().toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) throw new IllegalArgumentException("not true/false");
        return Boolean.parseBoolean(b);
      }
      if (like instanceof Double) return Double.parseDouble(raw.trim());
      return raw;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config " + key + " (" + envName(key) + "): cannot read '" + raw
          + "' as " + like.getClass().getSimpleName(), e);
    }
  }

  public String string(String key) {
    return String.valueOf(required(key));
  }

  public int integer(String key) {
    return ((Number) required(key)).intValue();
  }

  public long longValue(String key) {
    return ((Number) required(key)).longValue();
  }

  public boolean bool(String key) {
    return (Boolean) required(key);
  }

  private Object required(String key) {
    Object value = values.getValue(key);
    if (value == null) throw new NoSuchElementException("no configuration key '" + key + "' (add a default)");
    return value;
  }

  @Override
  public String toString() {
    JsonObject shown = values.copy();
    shown.fieldNames().stream().filter(k -> k.contains("password") || k.contains("secret"))
        .toList().forEach(k -> shown.put(k, "***"));
    return shown.encode();
  }
}
