package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;
import dev.chirp.deploy.PortPlan;
import dev.chirp.deploy.StackLayout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Pulsar 4.0 standalone (RocksDB metadata, one bookie) in a child JVM; ready when the broker health check passes. */
public final class PulsarEngine extends LocalEngine {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public PulsarEngine(PortPlan ports, EngineSettings settings) {
    super("pulsar", "pulsar.broker", "pulsar", ports, settings);
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + ports.port("pulsar.web");
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    Path base = layout.engineDir(name());
    Path data = base.resolve("data");
    Templates.render("pulsar/standalone.conf", Map.of("broker_port", mainPort(), "web_port", ports.port("pulsar.web")),
        base.resolve("conf/standalone.conf"));
    Templates.render("pulsar/log4j2.xml", Map.of(), base.resolve("conf/log4j2.xml"));
    List<String> command = JavaCommand.engine(name(), "org.apache.pulsar.PulsarStandaloneStarter")
        .jvm("-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.net.preferIPv4Stack=true", "-Dio.netty.tryReflectionSetAccessible=true",
            "--add-opens", "java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.net=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "-Dbookkeeper.metadata.bookie.drivers=org.apache.pulsar.metadata.bookkeeper.PulsarMetadataBookieDriver",
            "-Dbookkeeper.metadata.client.drivers=org.apache.pulsar.metadata.bookkeeper.PulsarMetadataClientDriver",
            "-Dlog4j.configurationFile=" + base.resolve("conf/log4j2.xml"), "-Dlog4j.shutdownHookEnabled=false")
        .args("--config", base.resolve("conf/standalone.conf").toString(), "--no-functions-worker", "--no-stream-storage",
            "--metadata-dir", data.resolve("metadata").toString(), "--bookkeeper-dir", data.resolve("bookkeeper").toString(),
            "--bookkeeper-port", Integer.toString(ports.port("pulsar.bookie")))
        .build(settings);
    // The working directory must be its own: a data/standalone/zookeeper folder under it flips Pulsar into ZooKeeper mode.
    return ChildProcess.start(name(), command, data, layout.log(name()), Map.of(), true);
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    // The broker health check does a real produce and consume.
    Readiness.poll(process, deadline, () -> admin("GET", "/admin/v2/brokers/health", null).statusCode() == 200);
  }

  /** One admin REST call; the launcher needs only a handful, so no admin client library. */
  public HttpResponse<String> admin(String method, String path, String jsonBody) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl() + path)).timeout(Duration.ofSeconds(30));
    request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) request.header("Content-Type", "application/json");
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
