package dev.chirp.deploy;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.deploy.engine.Component;
import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.deploy.engine.JavaCommand;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chirp service as a child JVM, run from its module's build output and configured only through
 * {@code CHIRP_*} environment variables. Ready when its {@code /health/ready} answers 200, i.e. when every
 * engine it needs answers it.
 */
public final class ServiceComponent implements Component {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /** Every service of the project, with its snowflake node id (unique per running instance). */
  record Spec(String module, String mainClass, int nodeId) {
  }

  static final List<Spec> ALL = List.of(
      new Spec("tweet-svc", "dev.chirp.tweet.Main", 1),
      new Spec("follow-svc", "dev.chirp.follow.Main", 2),
      new Spec("timeline-svc", "dev.chirp.timeline.Main", 3),
      new Spec("fanout-worker", "dev.chirp.fanout.Main", 4));

  private final Spec spec;
  private final Path moduleDir;
  private final PortPlan ports;
  private final Endpoints endpoints;
  private final Path jar;
  private final EngineSettings settings;
  private final Map<String, String> extraConfig;

  private ServiceComponent(Spec spec, Path moduleDir, Path jar, PortPlan ports, Endpoints endpoints, EngineSettings settings,
                           Map<String, String> extraConfig) {
    this.spec = spec;
    this.moduleDir = moduleDir;
    this.jar = jar;
    this.ports = ports;
    this.endpoints = endpoints;
    this.settings = settings;
    this.extraConfig = extraConfig;
  }

  /** The services whose modules are packaged under {@code projectHome} (./chirp packages them all first). */
  static List<ServiceComponent> built(Path projectHome, PortPlan ports, Endpoints endpoints, EngineSettings settings,
                                      Map<String, String> extraConfig) throws IOException {
    List<ServiceComponent> built = new ArrayList<>();
    for (Spec spec : ALL) {
      Path moduleDir = projectHome.resolve(spec.module());
      Path target = moduleDir.resolve("target");
      if (!Files.isRegularFile(target.resolve("runtime.classpath"))) continue;
      try (var jars = Files.list(target)) {
        Path jar = jars.filter(p -> p.getFileName().toString().matches("chirp-" + spec.module() + "-.*\\.jar")).findFirst().orElse(null);
        if (jar != null) built.add(new ServiceComponent(spec, moduleDir, jar, ports, endpoints, settings, extraConfig));
      }
    }
    return built;
  }

  @Override
  public String name() {
    return spec.module();
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + mainPort();
  }

  @Override
  public int mainPort() {
    return ports.port(spec.module());
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    String classpath = jar + java.io.File.pathSeparator
        + Files.readString(moduleDir.resolve("target/runtime.classpath"), StandardCharsets.UTF_8).strip();
    List<String> command = JavaCommand.of(name(), classpath, spec.mainClass())
        .jvm("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
        .build(settings);
    return ChildProcess.start(name(), command, moduleDir, layout.log(name()), environment(layout), true);
  }

  Map<String, String> environment(StackLayout layout) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("http.port", Integer.toString(mainPort()));
    config.put("node.id", Integer.toString(spec.nodeId()));
    config.put("cassandra.contact-points", endpoints.cassandraContactPoint());
    config.put("neo4j.uri", endpoints.neo4jUri());
    config.put("pulsar.service-url", endpoints.pulsarUrl());
    config.put("pulsar.admin-url", endpoints.pulsarAdminUrl());
    config.put("redis.uri", endpoints.redisUri());
    config.put("jwt.public-key-file", layout.keysDir().resolve(DevKeys.PUBLIC_KEY).toString());
    config.put("jwt.private-key-file", layout.keysDir().resolve(DevKeys.PRIVATE_KEY).toString());
    config.putAll(extraConfig);
    Map<String, String> env = new LinkedHashMap<>();
    config.forEach((key, value) -> env.put(ChirpConfig.envName(key), value));
    return env;
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(3)).build();
    dev.chirp.deploy.engine.Readiness.poll(process, deadline,
        () -> HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }
}
