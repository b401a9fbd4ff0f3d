package dev.chirp.store.tweets;

import dev.chirp.common.Resources;

import java.util.List;

/** The tweet store's Cassandra schema ({@code schema/cassandra.cql}) as idempotent statements for one keyspace. */
public final class TweetSchema {
  private TweetSchema() {
  }

  public static List<String> statements(String keyspace) {
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) throw new IllegalArgumentException("bad keyspace name " + keyspace);
    return Resources.statements(Resources.read("schema/cassandra.cql").replace("{{keyspace}}", keyspace), "--");
  }
}
