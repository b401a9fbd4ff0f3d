package dev.chirp.deploy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.deploy.engine.PulsarEngine;
import dev.chirp.store.graph.GraphSchema;
import dev.chirp.store.tweets.TweetSchema;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Creates each store's schema from the store modules' schema scripts. Every step is idempotent, so it runs on every start. */
public final class SchemaInstaller {
  private SchemaInstaller() {
  }

  public static void cassandra(int cqlPort, String keyspace) {
    try (CqlSession session = CassandraEngine.session(cqlPort, null)) {
      TweetSchema.statements(keyspace).forEach(session::execute);
    }
  }

  public static void neo4j(String boltUri) {
    try (Driver driver = Neo4jEngine.driver(boltUri); Session session = driver.session()) {
      GraphSchema.statements().forEach(statement -> session.run(statement).consume());
    }
  }

  /** Tenants, namespaces and topics; an answer of 409 (already there) counts as success. */
  public static void pulsar(PulsarEngine pulsar, List<String> topics) throws IOException, InterruptedException {
    Set<String> namespaces = new LinkedHashSet<>();
    for (String topic : topics) {
      String[] parts = topic.replaceFirst("^persistent://", "").split("/");
      namespaces.add(parts[0] + "/" + parts[1]);
    }
    for (String namespace : namespaces) {
      pulsarNamespace(pulsar, namespace);
    }
    for (String topic : topics) {
      expectCreated(pulsar.admin("PUT", "/admin/v2/persistent/" + topic.replaceFirst("^persistent://", ""), null), topic);
    }
  }

  /** A tenant/namespace pair, creating the tenant too. */
  public static void pulsarNamespace(PulsarEngine pulsar, String namespace) throws IOException, InterruptedException {
    String tenant = namespace.substring(0, namespace.indexOf('/'));
    expectCreated(pulsar.admin("PUT", "/admin/v2/tenants/" + tenant, "{\"allowedClusters\":[\"standalone\"]}"), tenant);
    expectCreated(pulsar.admin("PUT", "/admin/v2/namespaces/" + namespace, null), namespace);
  }

  private static void expectCreated(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status != 409 && (status < 200 || status > 299)) {
      throw new IllegalStateException("Pulsar refused to create " + what + ": " + status + " " + response.body());
    }
  }
}
