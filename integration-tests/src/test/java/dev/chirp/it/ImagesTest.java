package dev.chirp.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's container image, as Jib wrote it during this build (target/jib-image.tar, built offline from an
 * empty base; real images put the same layers on a pinned JRE): how it starts, as whom, on which port, and that its
 * classpath holds the service's own jars and the drivers of its engines only.
 */
class ImagesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "tweet-svc,     dev.chirp.tweet.Main,    8081, chirp-store-tweets chirp-store-graph chirp-store-events java-driver-core,   vertx-redis-client",
      "follow-svc,    dev.chirp.follow.Main,   8082, chirp-store-graph chirp-store-events neo4j-java-driver bcprov,             java-driver-core vertx-redis-client",
      "timeline-svc,  dev.chirp.timeline.Main, 8083, chirp-store-timelines chirp-store-tweets chirp-store-graph vertx-redis-client, pulsar-client",
      "fanout-worker, dev.chirp.fanout.Main,   8084, chirp-store-timelines chirp-store-tweets chirp-store-graph chirp-store-events pulsar-client-all,"})
  void theImageRunsTheServiceAsANonRootUserOnItsPortWithItsOwnJars(String service, String mainClass, int port, String mustHave,
                                                                   String mustNotHave) throws IOException {
    Image image = Image.read(Path.of("..", service, "target", "jib-image.tar"));
    JsonObject config = image.config.getJsonObject("config");

    List<Object> entrypoint = config.getJsonArray("Entrypoint").getList();
    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError").last().isEqualTo(mainClass);
    assertThat(config.getString("User")).isEqualTo("10001:10001");
    assertThat(config.getJsonObject("ExposedPorts").fieldNames()).containsExactly(port + "/tcp");
    assertThat(config.getJsonArray("Env").getList()).contains("CHIRP_HTTP_HOST=0.0.0.0");
    assertThat(config.getJsonObject("Volumes").fieldNames()).containsExactly("/tmp");

    assertThat(image.files).anyMatch(f -> f.startsWith("app/classes/dev/chirp/") && f.endsWith("/Main.class"));
    assertThat(image.files).anyMatch(f -> f.matches("app/libs/chirp-common-.*\\.jar"));
    for (String jar : mustHave.trim().split("\\s+")) {
      assertThat(image.files).as("%s in %s", jar, service).anyMatch(f -> f.startsWith("app/libs/" + jar + "-"));
    }
    if (mustNotHave != null) {
      for (String jar : mustNotHave.trim().split("\\s+")) {
        assertThat(image.files).as("no %s in %s", jar, service).noneMatch(f -> f.startsWith("app/libs/" + jar + "-"));
      }
    }
    assertThat(image.files).as("no test code").noneMatch(f -> f.contains("junit"));
  }

  /** The schema program's image, which the Kubernetes schema Job runs: it starts SchemaMain, listens on nothing. */
  @org.junit.jupiter.api.Test
  void theSchemaImageRunsTheSchemaProgramAsANonRootUser() throws IOException {
    Image image = Image.read(Path.of("..", "schema", "target", "jib-image.tar"));
    JsonObject config = image.config.getJsonObject("config");

    assertThat(config.getJsonArray("Entrypoint").getList()).first().isEqualTo("java");
    assertThat(config.getJsonArray("Entrypoint").getList()).last().isEqualTo("dev.chirp.schema.SchemaMain");
    assertThat(config.getString("User")).isEqualTo("10001:10001");
    JsonObject ports = config.getJsonObject("ExposedPorts");
    assertThat(ports == null || ports.isEmpty()).as("no port: %s", ports).isTrue();
    for (String jar : List.of("chirp-store-tweets", "chirp-store-graph", "chirp-store-events", "java-driver-core", "neo4j-java-driver")) {
      assertThat(image.files).as(jar).anyMatch(f -> f.startsWith("app/libs/" + jar + "-"));
    }
  }

  /** A Docker-format image tarball: manifest.json, the config blob, and gzipped layer tarballs. */
  private record Image(JsonObject config, Set<String> files) {
    static Image read(Path tarball) throws IOException {
      Map<String, byte[]> entries = new HashMap<>();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          if (entry.isFile()) entries.put(entry.getName(), tar.readAllBytes());
        }
      }
      JsonObject manifest = new JsonArray(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).getJsonObject(0);
      JsonObject config = new JsonObject(new String(entries.get(manifest.getString("Config")), StandardCharsets.UTF_8));
      Set<String> files = new HashSet<>();
      for (Object layer : manifest.getJsonArray("Layers")) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(entries.get((String) layer)));
             TarArchiveInputStream files1 = new TarArchiveInputStream(in)) {
          for (TarArchiveEntry entry = files1.getNextEntry(); entry != null; entry = files1.getNextEntry()) {
            files.add(entry.getName().replaceFirst("^/", ""));
          }
        }
      }
      return new Image(config, files);
    }
  }
}
