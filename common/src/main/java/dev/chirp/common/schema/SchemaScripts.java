package dev.chirp.common.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The schema of each store as idempotent statements, kept as resource files next to this class's module. */
public final class SchemaScripts {
  private SchemaScripts() {
  }

  public static List<String> cassandra(String keyspace) {
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) throw new IllegalArgumentException("bad keyspace name " + keyspace);
    return statements(read("schema/cassandra.cql").replace("{{keyspace}}", keyspace), "--");
  }

  public static List<String> neo4j() {
    return statements(read("schema/neo4j.cypher"), "//");
  }

  /** Full topic names ({@code persistent://tenant/namespace/topic}) the stack creates up front. */
  public static List<String> pulsarTopics() {
    return read("schema/pulsar-topics.txt").lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  static List<String> statements(String script, String commentPrefix) {
    String withoutComments = script.lines().filter(l -> !l.strip().startsWith(commentPrefix))
        .reduce("", (a, b) -> a + b + "\n");
    return Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String read(String resource) {
    try (InputStream in = SchemaScripts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
