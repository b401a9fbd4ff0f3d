package dev.chirp.schema;

import java.util.List;

/** What Pulsar's part of the schema did: the clusters tenants are allowed on, and each step created or found. */
public record PulsarResult(List<String> allowedClusters, List<String> created, List<String> existing) {
  public PulsarResult {
    allowedClusters = List.copyOf(allowedClusters);
    created = List.copyOf(created);
    existing = List.copyOf(existing);
  }

  public String summary() {
    return "Pulsar (clusters " + String.join(",", allowedClusters) + ") " + created.size() + " created, " + existing.size()
        + " already there";
  }
}
