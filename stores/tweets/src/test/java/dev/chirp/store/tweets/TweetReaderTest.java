package dev.chirp.store.tweets;

import dev.chirp.common.id.SnowflakeIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TweetReaderTest {
  @Test
  void aTweetsMonthIsTheUtcCalendarMonthOfItsIdsTime() {
    long lastOfSeptember = SnowflakeIds.firstIdAt(Instant.parse("2026-09-30T23:59:59.999Z")) + 4095;
    long firstOfOctober = SnowflakeIds.firstIdAt(Instant.parse("2026-10-01T00:00:00Z"));
    assertThat(TweetReader.monthOf(lastOfSeptember)).isEqualTo(202609);
    assertThat(TweetReader.monthOf(firstOfOctober)).isEqualTo(202610);
    assertThat(TweetReader.monthOf(SnowflakeIds.firstIdAt(Instant.parse("2027-01-01T00:00:00Z")) - 1)).isEqualTo(202612);
  }

  @Test
  void withoutMaxIdPagingStartsInTheLatestPossibleMonth() {
    assertThat(TweetReader.monthOf(Long.MAX_VALUE - 1)).isGreaterThan(209000);
  }
}
