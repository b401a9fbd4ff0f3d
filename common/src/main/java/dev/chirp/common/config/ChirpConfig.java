package dev.chirp.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Flat, dotted configuration keys ({@code cassandra.keyspace}, {@code http.port}). Every key has a default in a
 * JSON file on the classpath; an environment variable {@code CHIRP_<KEY>} (upper case, dots and dashes as
 * underscores) overrides it, and a system property {@code chirp.<key>} overrides both. Only keys that have a
 * default exist, and a {@code CHIRP_*} variable that names no key of the service fails start-up: a misspelt key
 * in a manifest is an error, not a silently ignored line. Secrets ({@link #secret}) come from the key itself or
 * from a mounted file named by {@code <key>-file}, and are never shown by {@link #toString}.
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
    rejectUnknownVariables(defaults, env);
    JsonObject resolved = new JsonObject();
    for (String key : defaults.fieldNames()) {
      Object fallback = defaults.getValue(key);
      String override = sys.getOrDefault(SYS_PREFIX + key, env.get(envName(key)));
      resolved.put(key, override == null ? fallback : coerce(key, override, fallback));
    }
    return new ChirpConfig(resolved);
  }

  private static void rejectUnknownVariables(JsonObject defaults, Map<String, String> env) {
    Set<String> known = new HashSet<>();
    defaults.fieldNames().forEach(key -> known.add(envName(key)));
    List<String> unknown = env.keySet().stream().filter(name -> name.startsWith(ENV_PREFIX) && !known.contains(name))
        .sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration variable" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + ": this service has no such key (see its defaults files)");
    }
  }

  /** Whether the service knows {@code CHIRP_*} variable {@code name}. */
  public static boolean knows(JsonObject defaults, String name) {
    return defaults.fieldNames().stream().anyMatch(key -> envName(key).equals(name));
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

  public double doubleValue(String key) {
    return ((Number) required(key)).doubleValue();
  }

  public boolean bool(String key) {
    return (Boolean) required(key);
  }

  /**
   * A credential: the contents of the file named by {@code <key>-file} when that is set (a mounted Secret, without
   * its trailing newline), else the key's own value; empty when neither is set.
   */
  public String secret(String key) {
    String file = string(key + "-file");
    if (file.isEmpty()) return string(key);
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key + "-file " + file, e);
    }
  }

  private Object required(String key) {
    Object value = values.getValue(key);
    if (value == null) throw new NoSuchElementException("no configuration key '" + key + "' (add a default)");
    return value;
  }

  private static boolean isSecret(String key) {
    return !key.endsWith("-file") && (key.contains("password") || key.contains("secret") || key.contains("token"));
  }

  @Override
  public String toString() {
    JsonObject shown = values.copy();
    shown.fieldNames().stream().filter(ChirpConfig::isSecret).toList().forEach(k -> shown.put(k, "***"));
    return shown.encode();
  }
}
