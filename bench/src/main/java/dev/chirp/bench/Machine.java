package dev.chirp.bench;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.neo4j.driver.Driver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Properties;

/** What a result was measured on: cores, memory, operating system, Java, and the versions of Chirp and its engines. */
final class Machine {
  private Machine() {
  }

  static JsonObject describe(Driver neo4j, Redis redis) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    JsonObject versions = new JsonObject().put("java", System.getProperty("java.version"));
    Properties built = new Properties();
    try (InputStream in = Machine.class.getResourceAsStream("/bench-versions.properties")) {
      if (in != null) built.load(in);
    } catch (IOException e) {
      // Versions are informative only.
    }
    built.forEach((name, version) -> versions.put(name.toString(), version.toString()));
    versions.put("neo4j", orUnknown(() -> neo4j.executableQuery("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        .execute().records().get(0).get("v").asString()));
    versions.put("redis", orUnknown(() -> {
      String info = GraphCommand.await(redis.send(Request.cmd(io.vertx.redis.client.Command.INFO).arg("server"))).toString();
      return info.lines().filter(l -> l.startsWith("redis_version:")).findFirst().map(l -> l.substring(14).trim()).orElse("?");
    }));
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("memory_bytes", os.getTotalMemorySize())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
        .put("versions", versions);
  }

  private interface Lookup {
    String get() throws Exception;
  }

  private static String orUnknown(Lookup lookup) {
    try {
      return lookup.get();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
