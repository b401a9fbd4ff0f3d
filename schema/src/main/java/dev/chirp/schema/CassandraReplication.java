package dev.chirp.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cassandra.replication}: the replication map a new keyspace is created with, written as in CQL, e.g.
 * {@code {'class': 'NetworkTopologyStrategy', 'dc1': 3}}. It goes into a statement as text, so only a plain map of
 * quoted names to quoted names or numbers is accepted: no quote, brace or semicolon can get through.
 */
final class CassandraReplication {
  private static final String NAME = "'[A-Za-z0-9_.\\-/]+'";
  private static final String VALUE = "(?:" + NAME + "|[0-9]+)";
  private static final String ENTRY = "\\s*(" + NAME + ")\\s*:\\s*(" + VALUE + ")\\s*";
  private static final Pattern MAP = Pattern.compile("\\{" + ENTRY + "(?:," + ENTRY + ")*\\}");
  private static final Pattern ENTRIES = Pattern.compile(ENTRY);

  private CassandraReplication() {
  }

  /** The map as given (trimmed), if it is one; else an IllegalArgumentException that says what is expected. */
  static String check(String replication) {
    String map = replication == null ? "" : replication.strip();
    if (!MAP.matcher(map).matches()) {
      throw new IllegalArgumentException("cassandra.replication must be a CQL map such as {'class': 'SimpleStrategy', "
          + "'replication_factor': 1} or {'class': 'NetworkTopologyStrategy', 'dc1': 3}, not " + replication);
    }
    Map<String, String> entries = entries(map);
    if (!entries.containsKey("class")) {
      throw new IllegalArgumentException("cassandra.replication names no 'class' (SimpleStrategy or NetworkTopologyStrategy): " + replication);
    }
    return map;
  }

  private static Map<String, String> entries(String map) {
    Map<String, String> entries = new LinkedHashMap<>();
    Matcher entry = ENTRIES.matcher(map.substring(1, map.length() - 1));
    while (entry.find()) {
      String key = unquote(entry.group(1));
      if (entries.put(key, unquote(entry.group(2))) != null) {
        throw new IllegalArgumentException("cassandra.replication names '" + key + "' twice: " + map);
      }
    }
    return entries;
  }

  private static String unquote(String value) {
    return value.startsWith("'") ? value.substring(1, value.length() - 1) : value;
  }
}
