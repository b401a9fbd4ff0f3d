package dev.chirp.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Pulsar's part of the schema: tenants (allowed on the clusters the broker reports), namespaces, topics, and a
 * subscription created at the earliest message, so a consumer that subscribes later still gets every event
 * published since. Every step is idempotent: 409 (already there) counts as done.
 */
final class PulsarSetup {
  private static final String NAME = "[A-Za-z0-9_.:=-]+";
  private static final Pattern TOPIC = Pattern.compile("persistent://(" + NAME + ")/(" + NAME + ")/(" + NAME + ")");
  private static final Pattern SUBSCRIPTION = Pattern.compile(NAME);
  /** The admin client's {@code MessageId.earliest}: ledger and entry -1. */
  static final String EARLIEST = "{\"ledgerId\":-1,\"entryId\":-1,\"partitionIndex\":-1}";

  private PulsarSetup() {
  }

  /** What to create, in order, for some {@code persistent://tenant/namespace/topic} names. */
  record Plan(List<String> tenants, List<String> namespaces, List<String> topics) {
  }

  static Plan plan(Collection<String> topics) {
    Set<String> tenants = new LinkedHashSet<>();
    Set<String> namespaces = new LinkedHashSet<>();
    Set<String> paths = new LinkedHashSet<>();
    for (String topic : topics) {
      String path = topicPath(topic);
      String[] parts = path.split("/");
      tenants.add(parts[0]);
      namespaces.add(parts[0] + "/" + parts[1]);
      paths.add(path);
    }
    return new Plan(List.copyOf(tenants), List.copyOf(namespaces), List.copyOf(paths));
  }

  /** {@code tenant/namespace/topic} of a persistent topic name; anything else is refused (names go into URLs). */
  static String topicPath(String topic) {
    if (topic == null || !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("not a persistent://tenant/namespace/topic name: " + topic);
    }
    return topic.substring("persistent://".length());
  }

  static String checkSubscription(String subscription) {
    if (subscription == null || !SUBSCRIPTION.matcher(subscription).matches()) {
      throw new IllegalArgumentException("bad subscription name " + subscription);
    }
    return subscription;
  }

  static String checkNamespace(String namespace) {
    if (namespace == null || !namespace.matches(NAME + "/" + NAME)) throw new IllegalArgumentException("not a tenant/namespace: " + namespace);
    return namespace;
  }

  /** The tenant body: allowed on every cluster the broker reports. */
  static String tenantBody(List<String> clusters) {
    return new JsonObject().put("allowedClusters", new JsonArray(new ArrayList<>(clusters))).put("adminRoles", new JsonArray()).encode();
  }

  /** Tenants and namespaces of the plan, then its topics, then the subscription on {@code subscriptionTopics}. */
  static PulsarResult apply(PulsarAdminClient admin, Plan plan, String subscription, List<String> subscriptionTopics,
                            Consumer<String> out) {
    checkSubscription(subscription);
    List<String> subscriptionPaths = subscriptionTopics.stream().map(PulsarSetup::topicPath).toList();
    List<String> clusters = allowedClusters(admin);
    Steps steps = new Steps(out);
    for (String namespace : plan.namespaces()) {
      steps.namespace(admin, namespace, clusters);
    }
    for (String topic : plan.topics()) {
      steps.step("topic persistent://" + topic, admin.create("/admin/v2/persistent/" + topic, null, "topic " + topic));
    }
    for (String topic : subscriptionPaths) {
      steps.step("subscription " + subscription + " on persistent://" + topic + " (at the earliest message)",
          admin.create("/admin/v2/persistent/" + topic + "/subscription/" + subscription, EARLIEST,
              "subscription " + subscription + " on " + topic));
    }
    return steps.result(clusters);
  }

  /** One namespace, and its tenant first. */
  static PulsarResult namespace(PulsarAdminClient admin, String namespace, Consumer<String> out) {
    checkNamespace(namespace);
    List<String> clusters = allowedClusters(admin);
    Steps steps = new Steps(out);
    steps.namespace(admin, namespace, clusters);
    return steps.result(clusters);
  }

  /** Read from the broker, so the same program serves a standalone broker and a real cluster. */
  private static List<String> allowedClusters(PulsarAdminClient admin) {
    List<String> clusters = admin.clusters();
    if (clusters.isEmpty()) throw new IllegalStateException("Pulsar (" + admin.adminUrl() + ") reports no cluster to allow tenants on");
    return clusters;
  }

  private static final class Steps {
    private final Consumer<String> out;
    private final Set<String> tenantsDone = new LinkedHashSet<>();
    private final List<String> created = new ArrayList<>();
    private final List<String> existing = new ArrayList<>();

    Steps(Consumer<String> out) {
      this.out = out;
    }

    /** The namespace, after its tenant (once per tenant). */
    void namespace(PulsarAdminClient admin, String namespace, List<String> clusters) {
      String tenant = namespace.substring(0, namespace.indexOf('/'));
      if (tenantsDone.add(tenant)) {
        step("tenant " + tenant + " (allowed clusters " + clusters + ")",
            admin.create("/admin/v2/tenants/" + tenant, tenantBody(clusters), "tenant " + tenant));
      }
      step("namespace " + namespace, admin.create("/admin/v2/namespaces/" + namespace, null, "namespace " + namespace));
    }

    void step(String what, boolean wasCreated) {
      (wasCreated ? created : existing).add(what);
      out.accept("pulsar: " + what + (wasCreated ? " created" : " already there"));
    }

    PulsarResult result(List<String> clusters) {
      return new PulsarResult(clusters, created, existing);
    }
  }
}
