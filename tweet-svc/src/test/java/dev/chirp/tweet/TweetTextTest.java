package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TweetTextTest {
  private static final String EMOJI = "\uD83D\uDE00";
  private static final String E_WITH_COMBINING_ACUTE = "e\u0301";

  @Test
  void twoHundredEightyCodePointsAreAllowedAndOneMoreIsNot() {
    assertThat(TweetText.parse("a".repeat(280)).text()).hasSize(280);
    assertInvalid("a".repeat(281), "281");
  }

  @Test
  void anEmojiCountsOnce() {
    assertThat(TweetText.parse(EMOJI.repeat(280)).text()).hasSize(560);
    assertInvalid(EMOJI.repeat(281), "281");
  }

  @Test
  void combiningCharactersAreCountedAfterNfc() {
    TweetText text = TweetText.parse(E_WITH_COMBINING_ACUTE.repeat(280));
    assertThat(text.text()).isEqualTo("\u00e9".repeat(280));
    assertInvalid(E_WITH_COMBINING_ACUTE.repeat(281), "281");
  }

  @Test
  void emptyBlankAndControlCharactersAreRejected() {
    assertInvalid("", "empty");
    assertInvalid("  \n\t ", "empty");
    assertInvalid("bell\u0007", "U+0007");
    assertInvalid("tab\there", "U+0009");
    assertInvalid("null\u0000", "U+0000");
  }

  @Test
  void newlinesAreText() {
    assertThat(TweetText.parse("line one\nline two").text()).isEqualTo("line one\nline two");
  }

  @Test
  void mentionsAreListedOnceEachInOrderRegardlessOfCase() {
    TweetText text = TweetText.parse("hi @Alice and @bob_1, also @alice again (@carol).");
    assertThat(text.mentionedHandles()).containsExactly("Alice", "bob_1", "carol");
  }

  @Test
  void onlyWholeHandlesCountAsMentions() {
    assertThat(TweetText.parse("mail me@example.com or @@dave, @toolonghandle1234 and @ok").mentionedHandles())
        .containsExactly("ok");
  }

  private static void assertInvalid(String raw, String messagePart) {
    assertThatThrownBy(() -> TweetText.parse(raw)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("invalid_text");
      assertThat(e.getMessage()).contains(messagePart);
    });
  }
}
