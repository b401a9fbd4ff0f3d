package dev.chirp.fanout;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import org.apache.pulsar.client.api.PulsarClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventFailuresTest {
  @Test
  void aWellFormedEventIsReadable() {
    TweetCreated tweet = new TweetCreated(10, 20, Instant.EPOCH, List.of(30L));
    assertThat(EventFailures.readable(tweet.toBytes())).isEqualTo(tweet);
  }

  @Test
  void bytesThatAreNoKnownEventArePoison() {
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable("not json".getBytes(StandardCharsets.UTF_8)));
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable(
        "{\"type\":\"Retweeted\",\"v\":1}".getBytes(StandardCharsets.UTF_8))).withMessageContaining("unknown event type");
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable(
        "{\"type\":\"TweetCreated\",\"v\":1,\"tweet_id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void idsThatCanNameNothingArePoison() {
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable(
        new TweetCreated(0, 20, Instant.EPOCH, List.of()).toBytes())).withMessageContaining("tweet_id");
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable(
        new TweetCreated(10, 20, Instant.EPOCH, List.of(-1L)).toBytes())).withMessageContaining("mention_ids");
    assertThatIllegalArgumentException().isThrownBy(() -> EventFailures.readable(new Followed(7, 7).toBytes()))
        .withMessageContaining("follow themselves");
  }

  @Test
  void unavailableStoresTimeoutsBrokenConnectionsAndPulsarFailuresAreOutages() {
    assertThat(EventFailures.isOutage(ApiException.unavailable("redis", null))).isTrue();
    assertThat(EventFailures.isOutage(new CompletionException(ApiException.unavailable("neo4j", null)))).isTrue();
    assertThat(EventFailures.isOutage(new TimeoutException("no answer in 2000 ms"))).isTrue();
    assertThat(EventFailures.isOutage(new ConnectException("refused"))).isTrue();
    assertThat(EventFailures.isOutage(new PulsarClientException.TimeoutException("ack timed out"))).isTrue();
  }

  @Test
  void aStoreThatAnswersNoOrADefectIsNoOutage() {
    assertThat(EventFailures.isOutage(new IllegalStateException("WRONGTYPE Operation against a key holding the wrong kind of value")))
        .isFalse();
    assertThat(EventFailures.isOutage(ApiException.badRequest("bad", "bad"))).isFalse();
    assertThat(EventFailures.isOutage(new NullPointerException())).isFalse();
  }
}
