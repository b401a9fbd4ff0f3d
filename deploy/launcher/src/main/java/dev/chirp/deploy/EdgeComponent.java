package dev.chirp.deploy;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.tracing.TracingSettings;
import dev.chirp.deploy.engine.Component;
import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.deploy.engine.JavaCommand;
import dev.chirp.deploy.engine.Readiness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The entry point (:8080) as a child process of the launcher ({@link EdgeMain}), so a flood of requests cannot
 * slow the launcher, and a crash of it is restarted like any other component's.
 */
final class EdgeComponent implements Component {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;
  private final Map<String, List<Integer>> instancePorts;
  private final TracingSettings tracing;
  private final EngineSettings settings;

  EdgeComponent(int port, Map<String, List<Integer>> instancePorts, TracingSettings tracing, EngineSettings settings) {
    this.port = port;
    this.instancePorts = instancePorts;
    this.tracing = tracing;
    // No AppCDS: the launcher's classpath may hold class directories (the test harness), which CDS refuses.
    this.settings = new EngineSettings(settings.javaBinary(), false, settings.cdsDir());
  }

  @Override
  public String name() {
    return "edge";
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public int mainPort() {
    return port;
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    List<String> args = new ArrayList<>(List.of(Integer.toString(port)));
    instancePorts.forEach((service, ports) ->
        args.add(service + "=" + ports.stream().map(String::valueOf).collect(Collectors.joining(","))));
    List<String> command = JavaCommand.of(name(), System.getProperty("java.class.path"), EdgeMain.class.getName())
        .jvm("-Xms64m", "-Xmx256m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError")
        .args(args.toArray(String[]::new)).build(settings);
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ChirpConfig.envName("tracing.exporter"), tracing.exporter());
    env.put(ChirpConfig.envName("tracing.otlp-endpoint"), tracing.otlpEndpoint());
    env.put(ChirpConfig.envName("tracing.sample-ratio"), Double.toString(tracing.sampleRatio()));
    return ChildProcess.start(name(), command, layout.dataDir(), layout.log(name()), env, true, true);
  }

  /** Ready once it routes: an unknown path gets its own 404 envelope. */
  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/api/v1/")).timeout(Duration.ofSeconds(3)).build();
    Readiness.poll(process, deadline, () -> HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 404);
  }
}
