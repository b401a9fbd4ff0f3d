package dev.chirp.store.events;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;

/** The process's one Pulsar client. It connects lazily; producers and consumers retry in the background. */
public final class PulsarConnection {
  private final PulsarClient client;
  private final String probeTopic;

  private PulsarConnection(PulsarClient client, String probeTopic) {
    this.client = client;
    this.probeTopic = probeTopic;
  }

  public static PulsarConnection open(ChirpConfig config) {
    try {
      return new PulsarConnection(PulsarClient.builder().serviceUrl(config.string("pulsar.service-url")).build(),
          config.string("pulsar.tweet-topic"));
    } catch (PulsarClientException e) {
      throw new IllegalArgumentException("pulsar.service-url: " + e.getMessage(), e);
    }
  }

  public PulsarClient client() {
    return client;
  }

  /** A topic lookup is a real broker round trip, for readiness. */
  public Future<?> probe() {
    return Future.fromCompletionStage(client.getPartitionsForTopic(probeTopic));
  }

  public Future<Void> close() {
    return Future.fromCompletionStage(client.closeAsync()).mapEmpty();
  }
}
