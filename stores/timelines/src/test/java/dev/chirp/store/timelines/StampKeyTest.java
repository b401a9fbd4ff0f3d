package dev.chirp.store.timelines;

import io.vertx.redis.client.impl.ZModem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A timeline's stamp hashes to the timeline's Redis Cluster slot, whatever the key prefix. */
class StampKeyTest {
  @Test
  void aKeyWithoutAHashTagBecomesTheStampsTag() {
    for (String key : new String[] {"tl:42", "chirp:tl:42", "it_abc:tl:7", "{x:tl:1"}) {
      assertThat(ZModem.generate(RedisTimelines.stampKeyOf(key))).as(key).isEqualTo(ZModem.generate(key));
    }
    assertThat(RedisTimelines.stampKeyOf("tl:42")).isEqualTo("{tl:42}:s");
  }

  @Test
  void aKeyWithAHashTagKeepsItsTag() {
    assertThat(RedisTimelines.stampKeyOf("{eu}:tl:42")).isEqualTo("{eu}:tl:42:s");
    assertThat(ZModem.generate("{eu}:tl:42:s")).isEqualTo(ZModem.generate("{eu}:tl:42"));
  }

  @Test
  void aKeyWhoseBraceEndsNoTagHasNoStampInItsSlot() {
    assertThatThrownBy(() -> RedisTimelines.stampKeyOf("a}b:tl:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTimelines.stampKeyOf("a{}b:tl:2")).isInstanceOf(IllegalArgumentException.class);
  }
}
