package dev.chirp.deploy;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import dev.chirp.deploy.engine.Component;
import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.deploy.engine.JavaCommand;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance of a Chirp service as a child JVM, run from its module's build output and configured only through
 * {@code CHIRP_*} environment variables. Ready when its {@code /health/ready} answers 200, i.e. when every
 * engine it needs answers it. Instance 0 is named after its service and listens on the plan's port; instance i
 * is {@code <service>-<i+1>}, on a spare port.
 */
public final class ServiceComponent implements Component {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** Every service of the project. */
  record Spec(String module, String mainClass) {
  }

  static final List<Spec> ALL = List.of(
      new Spec("tweet-svc", "dev.chirp.tweet.Main"),
      new Spec("follow-svc", "dev.chirp.follow.Main"),
      new Spec("timeline-svc", "dev.chirp.timeline.Main"),
      new Spec("fanout-worker", "dev.chirp.fanout.Main"));

  /** The launcher's own variables, not any service's configuration. */
  static final Set<String> LAUNCHER_VARIABLES = Set.of("CHIRP_HOME", "CHIRP_DATA_DIR", "CHIRP_CDS_DIR");

  private final Spec spec;
  private final int index;
  private final int port;
  private final Path moduleDir;
  private final Endpoints endpoints;
  private final Path jar;
  private final EngineSettings settings;
  private final Map<String, String> extraConfig;

  private ServiceComponent(Spec spec, int index, int port, Path moduleDir, Path jar, Endpoints endpoints,
                           EngineSettings settings, Map<String, String> extraConfig) {
    this.spec = spec;
    this.index = index;
    this.port = port;
    this.moduleDir = moduleDir;
    this.jar = jar;
    this.endpoints = endpoints;
    this.settings = settings;
    this.extraConfig = extraConfig;
  }

  /**
   * The instances of each service whose module is packaged under {@code projectHome} (./chirp packages them all
   * first): as many as {@code replicas} asks for (one when it does not name the service), grouped by service.
   */
  static List<ServiceComponent> built(Path projectHome, PortPlan ports, Endpoints endpoints, EngineSettings settings,
                                      Map<String, String> extraConfig, Map<String, Integer> replicas) throws IOException {
    List<ServiceComponent> built = new ArrayList<>();
    Set<Integer> portsHandedOut = new HashSet<>();
    for (Spec spec : ALL) {
      Path moduleDir = projectHome.resolve(spec.module());
      Path target = moduleDir.resolve("target");
      if (!Files.isRegularFile(target.resolve("runtime.classpath"))) continue;
      Path jar;
      try (var jars = Files.list(target)) {
        jar = jars.filter(p -> p.getFileName().toString().matches("chirp-" + spec.module() + "-.*\\.jar")).findFirst().orElse(null);
      }
      if (jar == null) continue;
      for (int index = 0; index < Replicas.of(replicas, spec.module()); index++) {
        int port = index == 0 ? ports.port(spec.module()) : ports.sparePort(portsHandedOut);
        portsHandedOut.add(port);
        built.add(new ServiceComponent(spec, index, port, moduleDir, jar, endpoints, settings, extraConfig));
      }
    }
    return built;
  }

  /** The instance's name: its service's for instance 0 (so a single-instance stack looks as it always did). */
  @Override
  public String name() {
    return index == 0 ? spec.module() : spec.module() + "-" + (index + 1);
  }

  /** The service this is an instance of. */
  String service() {
    return spec.module();
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + mainPort();
  }

  @Override
  public int mainPort() {
    return port;
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    String classpath = jar + java.io.File.pathSeparator
        + Files.readString(moduleDir.resolve("target/runtime.classpath"), StandardCharsets.UTF_8).strip();
    // An AppCDS archive per instance, not per service: instances started together would all write it at exit.
    List<String> command = JavaCommand.of(name(), classpath, spec.mainClass())
        .jvm("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
        .build(settings);
    return ChildProcess.start(name(), command, moduleDir, log(layout), environment(layout, System.getenv()), true, true);
  }

  Path log(StackLayout layout) {
    return layout.log(name());
  }

  /** The service's configuration keys with their defaults, as the service itself loads them. */
  JsonObject defaults() throws IOException {
    JsonObject defaults = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS));
    Path own = moduleDir.resolve("target/classes").resolve(spec.module() + ".json");
    if (Files.isRegularFile(own)) defaults.mergeIn(new JsonObject(Files.readString(own)));
    return defaults;
  }

  /**
   * Fails naming each {@code CHIRP_*} variable of the launcher's environment that is neither the launcher's own nor a
   * key of any of these services: a misspelt override would otherwise be silently ignored.
   */
  static void checkEnvironment(List<ServiceComponent> services, Map<String, String> environment) throws IOException {
    List<JsonObject> defaults = new ArrayList<>();
    for (ServiceComponent service : services) defaults.add(service.defaults());
    List<String> unknown = environment.keySet().stream().filter(name -> name.startsWith("CHIRP_"))
        .filter(name -> !LAUNCHER_VARIABLES.contains(name))
        .filter(name -> defaults.stream().noneMatch(d -> ChirpConfig.knows(d, name))).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration variable" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + ": no service has such a key (docs/operations.md lists them)");
    }
  }

  /**
   * The service's {@code CHIRP_*} variables: the user's own overrides from {@code inherited} that are keys of this
   * service, then the stack's endpoints and extra configuration (those keys the service has).
   */
  Map<String, String> environment(StackLayout layout, Map<String, String> inherited) throws IOException {
    JsonObject defaults = defaults();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("http.port", Integer.toString(mainPort()));
    config.put("node.index", Integer.toString(index));
    config.put("cassandra.contact-points", endpoints.cassandraContactPoint());
    config.put("neo4j.uri", endpoints.neo4jUri());
    config.put("pulsar.service-url", endpoints.pulsarUrl());
    config.put("pulsar.admin-url", endpoints.pulsarAdminUrl());
    config.put("redis.uri", endpoints.redisUri());
    config.put("jwt.public-key-file", layout.keysDir().resolve(DevKeys.PUBLIC_KEY).toString());
    config.put("jwt.private-key-file", layout.keysDir().resolve(DevKeys.PRIVATE_KEY).toString());
    config.putAll(extraConfig);
    Map<String, String> env = new LinkedHashMap<>();
    inherited.forEach((name, value) -> {
      if (ChirpConfig.knows(defaults, name)) env.put(name, value);
    });
    config.forEach((key, value) -> {
      if (defaults.containsKey(key)) env.put(ChirpConfig.envName(key), value);
    });
    return env;
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(3)).build();
    dev.chirp.deploy.engine.Readiness.poll(process, deadline,
        () -> HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }
}
