package dev.chirp.store.events;

import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.Future;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.ClientBuilder;
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

  /**
   * With a token when {@code pulsar.auth-token} (or its file) is set; TLS with a {@code pulsar+ssl://} URL, trusting
   * {@code pulsar.tls-ca-file} when set.
   */
  public static PulsarConnection open(ChirpConfig config) {
    try {
      ClientBuilder builder = PulsarClient.builder().serviceUrl(config.string("pulsar.service-url"));
      String token = config.secret("pulsar.auth-token");
      if (!token.isEmpty()) builder.authentication(AuthenticationFactory.token(token));
      String ca = config.string("pulsar.tls-ca-file");
      if (!ca.isEmpty()) builder.tlsTrustCertsFilePath(ca);
      return new PulsarConnection(builder.build(), config.string("pulsar.tweet-topic"));
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
