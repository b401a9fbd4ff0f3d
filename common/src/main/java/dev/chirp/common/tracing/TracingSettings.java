package dev.chirp.common.tracing;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tracing.*} keys: which exporter ({@code none}, {@code logging}, {@code otlp}), where OTLP goes, and the
 * share of new traces that are recorded. They are read before Vert.x exists, because tracing is part of creating
 * Vert.x; the same keys with the same precedence as every other key (defaults files, {@code CHIRP_*}, {@code chirp.*}).
 */
public record TracingSettings(String exporter, String otlpEndpoint, double sampleRatio) {
  public static final String NONE = "none";
  public static final String LOGGING = "logging";
  public static final String OTLP = "otlp";
  static final List<String> KEYS = List.of("tracing.exporter", "tracing.otlp-endpoint", "tracing.sample-ratio");
  private static final List<String> EXPORTERS = List.of(NONE, LOGGING, OTLP);

  public static final TracingSettings OFF = new TracingSettings(NONE, "", 0);

  public TracingSettings {
    exporter = exporter.trim().toLowerCase(Locale.ROOT);
    if (!EXPORTERS.contains(exporter)) {
      throw new IllegalArgumentException("tracing.exporter (" + ChirpConfig.envName("tracing.exporter") + "): '"
          + exporter + "' is none of " + String.join(", ", EXPORTERS));
    }
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("tracing.sample-ratio (" + ChirpConfig.envName("tracing.sample-ratio")
          + "): " + sampleRatio + " is not between 0 and 1");
    }
  }

  public boolean enabled() {
    return !exporter.equals(NONE);
  }

  public static TracingSettings of(ChirpConfig config) {
    return new TracingSettings(config.string("tracing.exporter"), config.string("tracing.otlp-endpoint"),
        config.doubleValue("tracing.sample-ratio"));
  }

  /**
   * The tracing keys of a service, from common's defaults and {@code serviceDefaults} on the classpath, then
   * {@code env} ({@code CHIRP_TRACING_*}), then {@code sys} ({@code chirp.tracing.*}). Other variables are left to
   * the service's full configuration, which rejects unknown ones.
   */
  public static TracingSettings resolve(Map<String, String> env, Map<String, String> sys, String... serviceDefaults) {
    return of(resolved(env, sys, serviceDefaults));
  }

  /**
   * The tracing keys from common's defaults and {@code env}, with {@code overrides} (keys such as
   * {@code tracing.exporter}; others are ignored) winning: how a launcher gives its own part the configuration it
   * gives its services.
   */
  public static TracingSettings resolveWith(Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> tracingOverrides = new HashMap<>();
    overrides.forEach((key, value) -> {
      if (KEYS.contains(key)) tracingOverrides.put(key, value);
    });
    return of(resolved(env, Map.of()).with(tracingOverrides));
  }

  private static ChirpConfig resolved(Map<String, String> env, Map<String, String> sys, String... serviceDefaults) {
    JsonObject all = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS));
    for (String resource : serviceDefaults) all.mergeIn(new JsonObject(Resources.read(resource)));
    JsonObject defaults = new JsonObject();
    KEYS.forEach(key -> defaults.put(key, all.getValue(key)));
    Map<String, String> tracingEnv = new HashMap<>();
    KEYS.forEach(key -> {
      String value = env.get(ChirpConfig.envName(key));
      if (value != null) tracingEnv.put(ChirpConfig.envName(key), value);
    });
    return ChirpConfig.resolve(defaults, tracingEnv, sys);
  }

  /** This process's tracing keys: its environment and system properties over the defaults files. */
  public static TracingSettings fromProcess(String... serviceDefaults) {
    Map<String, String> sys = new HashMap<>();
    System.getProperties().forEach((k, v) -> sys.put(String.valueOf(k), String.valueOf(v)));
    return resolve(System.getenv(), sys, serviceDefaults);
  }
}
