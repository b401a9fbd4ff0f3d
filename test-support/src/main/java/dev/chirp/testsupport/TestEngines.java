package dev.chirp.testsupport;

import dev.chirp.deploy.DevKeys;
import dev.chirp.deploy.Endpoints;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.schema.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared engines as one test class sees them: endpoints, plus names that are this class's alone
 * (a Cassandra keyspace with the full schema, a Pulsar topic prefix, a Redis key prefix, a tag for graph data).
 */
public final class TestEngines {
  public static final String TEST_NAMESPACE = "chirp/test";

  private final ChirpEngines.SharedStack shared;
  private final String scope;
  private final String keyspace;

  TestEngines(ChirpEngines.SharedStack shared, Class<?> testClass) {
    this.shared = shared;
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    this.scope = name.substring(0, Math.min(name.length(), 30)) + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    this.keyspace = "t_" + scope;
    SchemaMigrator.cassandra(schemaConfig(), line -> { });
  }

  public Endpoints endpoints() {
    return shared.stack.endpoints();
  }

  /** The schema program's configuration for these engines and this class's keyspace (dev.chirp.schema.SchemaMigrator). */
  public ChirpConfig schemaConfig() {
    return shared.stack.schemaConfig().with(Map.of("cassandra.keyspace", keyspace));
  }

  /** The stack's one entry point (every API path), when the built services run. */
  public String edgeUrl() {
    return shared.stack.edgeUrl().orElseThrow(() -> new IllegalStateException("the test stack runs no services"));
  }

  /** A built service of the stack ("tweet-svc", "fanout-worker", …) as a base URL. */
  public String serviceUrl(String name) {
    return "http://127.0.0.1:" + shared.stack.options().ports().port(name);
  }

  /** The log file of a built service of the stack ("tweet-svc", "fanout-worker", …): its standard output and error. */
  public Path serviceLog(String name) {
    return shared.stack.options().layout().log(name);
  }

  /** The stack's JWT key pair. */
  public Path jwtKeysDir() {
    return shared.stack.options().layout().keysDir();
  }

  /** Unique to this test class: use it to tag graph nodes or build other names. */
  public String scope() {
    return scope;
  }

  /** This class's own keyspace, already holding the full Chirp schema. */
  public String keyspace() {
    return keyspace;
  }

  /** A topic only this class uses, in a namespace the harness created. */
  public String topic(String name) {
    return "persistent://" + TEST_NAMESPACE + "/" + scope + "-" + name;
  }

  /** Prefix every Redis key with this. */
  public String redisPrefix() {
    return scope + ":";
  }

  /**
   * A service's configuration (its defaults file on top of common's) pointed at these engines, this class's
   * keyspace, topics and Redis prefix, and the test stack's JWT keys, on a free HTTP port.
   */
  public Future<ChirpConfig> config(Vertx vertx, String serviceDefaults) {
    return ChirpConfig.load(vertx, serviceDefaults).map(config -> config.with(overrides()));
  }

  public Map<String, String> overrides() {
    Endpoints endpoints = endpoints();
    Map<String, String> overrides = new HashMap<>();
    overrides.put("http.port", Integer.toString(freePort()));
    overrides.put("cassandra.contact-points", endpoints.cassandraContactPoint());
    overrides.put("cassandra.keyspace", keyspace);
    overrides.put("neo4j.uri", endpoints.neo4jUri());
    overrides.put("pulsar.service-url", endpoints.pulsarUrl());
    overrides.put("pulsar.admin-url", endpoints.pulsarAdminUrl());
    overrides.put("pulsar.tweet-topic", topic("tweets"));
    overrides.put("pulsar.follow-topic", topic("follows"));
    overrides.put("redis.uri", endpoints.redisUri());
    overrides.put("redis.key-prefix", redisPrefix());
    Path keys = shared.stack.options().layout().keysDir();
    overrides.put("jwt.private-key-file", keys.resolve(DevKeys.PRIVATE_KEY).toString());
    overrides.put("jwt.public-key-file", keys.resolve(DevKeys.PUBLIC_KEY).toString());
    return overrides;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
