package dev.chirp.store.events;

import dev.chirp.common.Resources;
import dev.chirp.common.config.ChirpConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTopicsTest {
  @Test
  void everyTopicTheServicesAreConfiguredWithIsCreatedByTheSchema() {
    JsonObject defaults = new JsonObject(Resources.read(ChirpConfig.COMMON_DEFAULTS));
    assertThat(EventTopics.all()).contains(defaults.getString("pulsar.tweet-topic"), defaults.getString("pulsar.follow-topic"))
        .allSatisfy(topic -> assertThat(topic).matches("persistent://[a-z]+/[a-z]+/[a-z-]+"));
  }
}
