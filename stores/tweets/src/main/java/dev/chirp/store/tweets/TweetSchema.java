package dev.chirp.store.tweets;

import dev.chirp.common.Migration;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The tweet store's Cassandra schema as ordered, versioned migrations ({@code schema/cassandra/V<n>__*.cql}) for one
 * keyspace. The schema program ({@code dev.chirp.schema}) creates the keyspace, then applies the versions a
 * keyspace has not recorded yet.
 */
public final class TweetSchema {
  /** The name under which this store's applied versions are recorded. */
  public static final String STORE = "tweets";

  /** Oldest first. To change the schema, add the next file here; never edit one that may have been applied. */
  private static final List<String> SCRIPTS = List.of(
      "schema/cassandra/V001__tables.cql",
      "schema/cassandra/V002__outbox_sweep_heartbeat.cql",
      "schema/cassandra/V003__withdrawn_tweets.cql");

  private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  private TweetSchema() {
  }

  /** The keyspace name itself, if it is one that cannot inject CQL (lower case, digits, underscores, at most 48). */
  public static String checkKeyspace(String keyspace) {
    if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) throw new IllegalArgumentException("bad keyspace name " + keyspace);
    return keyspace;
  }

  /** Every version, oldest first, with {@code {{keyspace}}} filled in. */
  public static List<Migration> migrations(String keyspace) {
    checkKeyspace(keyspace);
    return SCRIPTS.stream().map(script -> Migration.fromResource(script, "--", text -> text.replace("{{keyspace}}", keyspace)))
        .toList();
  }

  /** The statements of every version, in order: the tables a keyspace holds once it is up to date. */
  public static List<String> statements(String keyspace) {
    return migrations(keyspace).stream().flatMap(m -> m.statements().stream()).toList();
  }
}
