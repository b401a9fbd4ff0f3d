package dev.chirp.common;

import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.common.events.ChirpEvent.TweetCreated;
import dev.chirp.common.events.ChirpEvent.TweetDeleted;
import dev.chirp.common.events.ChirpEvent.Unfollowed;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChirpEventTest {
  @Test
  void everyEventSurvivesARoundTrip() {
    List<ChirpEvent> events = List.of(
        new TweetCreated(1865432101234567168L, 42L, Instant.parse("2026-11-24T10:15:30.123Z"), List.of(7L, 8L)),
        new TweetDeleted(1865432101234567168L, 42L, List.of(7L)), new Followed(1L, 2L), new Unfollowed(2L, 1L));
    for (ChirpEvent event : events) {
      assertThat(ChirpEvent.fromBytes(event.toBytes())).isEqualTo(event);
    }
  }

  @Test
  void keysOrderTweetsByAuthorAndFollowsByFollower() {
    assertThat(new TweetCreated(5, 42, Instant.EPOCH, List.of()).key()).isEqualTo("42");
    assertThat(new Followed(9, 10).key()).isEqualTo("9");
  }

  @Test
  void idsTravelAsStrings() {
    assertThat(new TweetDeleted(1865432101234567168L, 42L, List.of(7L)).toJson().getValue("tweet_id")).isEqualTo("1865432101234567168");
  }

  @Test
  void aTweetDeletedWithoutMentionIdsReadsAsMentioningNobody() {
    String json = "{\"type\":\"TweetDeleted\",\"v\":1,\"tweet_id\":\"5\",\"author_id\":\"2\"}";
    assertThat(ChirpEvent.fromBytes(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new TweetDeleted(5, 2, List.of()));
  }

  @Test
  void unknownFieldsAreIgnored() {
    String json = "{\"type\":\"Followed\",\"v\":1,\"follower_id\":\"1\",\"followee_id\":\"2\",\"source\":\"web\"}";
    assertThat(ChirpEvent.fromBytes(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(new Followed(1, 2));
  }

  @Test
  void poisonIsRejectedAsIllegalArgument() {
    for (String bad : List.of("not json", "{\"type\":\"Followed\",\"v\":2,\"follower_id\":\"1\",\"followee_id\":\"2\"}",
        "{\"type\":\"Nope\",\"v\":1}", "{\"type\":\"Followed\",\"v\":1,\"follower_id\":\"x\",\"followee_id\":\"2\"}",
        "{\"type\":\"TweetCreated\",\"v\":1,\"tweet_id\":\"1\",\"author_id\":\"2\",\"created_at\":\"yesterday\"}",
        "{\"type\":\"TweetDeleted\",\"v\":1,\"author_id\":\"2\"}")) {
      assertThatThrownBy(() -> ChirpEvent.fromBytes(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
