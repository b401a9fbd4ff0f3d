package dev.chirp.follow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {
  /** Far below the production parameters, so that each hash takes milliseconds. */
  private static final Passwords PASSWORDS = new Passwords(1024, 1);
  private static final String PASSWORD = "correct horse battery";
  private static final String HASH = PASSWORDS.hash(PASSWORD);

  @Test
  void aHashMatchesItsPassword() {
    assertThat(HASH).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain(PASSWORD);
    assertThat(PASSWORDS.matches(PASSWORD, HASH)).isTrue();
  }

  @Test
  void anyOtherPasswordDoesNotMatch() {
    assertThat(PASSWORDS.matches("correct horse batterY", HASH)).isFalse();
    assertThat(PASSWORDS.matches(PASSWORD + " ", HASH)).isFalse();
    assertThat(PASSWORDS.matches("", HASH)).isFalse();
  }

  @Test
  void eachHashHasItsOwnSalt() {
    String again = PASSWORDS.hash(PASSWORD);
    assertThat(part(again, 4)).isNotEqualTo(part(HASH, 4));
    assertThat(part(again, 5)).isNotEqualTo(part(HASH, 5));
    assertThat(PASSWORDS.matches(PASSWORD, again)).isTrue();
  }

  @Test
  void theParametersTravelWithTheHash() {
    String stronger = new Passwords(2048, 2).hash(PASSWORD);
    assertThat(stronger).startsWith("$argon2id$v=19$m=2048,t=2,p=1$");
    assertThat(PASSWORDS.matches(PASSWORD, stronger)).isTrue();
    // The hash is checked with the parameters it names: name others and it no longer matches.
    assertThat(PASSWORDS.matches(PASSWORD, stronger.replace("m=2048,t=2", "m=1024,t=2"))).isFalse();
    assertThat(PASSWORDS.matches(PASSWORD, stronger.replace("m=2048,t=2", "m=2048,t=1"))).isFalse();
  }

  static Stream<String> notHashesThisClassWrote() {
    String[] parts = HASH.split("\\$");
    String salt = parts[4];
    String hash = parts[5];
    return Stream.of(
        null,
        "",
        PASSWORD,
        "$argon2id$",
        HASH.replace("$argon2id$", "$argon2i$"),
        HASH + "$extra",
        HASH.replace(salt, flipFirst(salt)),
        HASH.replace(hash, flipFirst(hash)),
        HASH.replace(hash, hash.substring(0, 20)),
        HASH.replace("m=1024", "m=lots"),
        HASH.replace("m=1024", "x=1024"),
        HASH.replace("p=1", "p=1,x=1"),
        HASH.replace(salt, "not*base64"),
        HASH.replace(hash, "not*base64"));
  }

  @ParameterizedTest
  @MethodSource("notHashesThisClassWrote")
  void anythingButAnIntactHashIsNoMatchNeverAnError(String encoded) {
    assertThat(PASSWORDS.matches(PASSWORD, encoded)).isFalse();
  }

  private static String part(String encoded, int index) {
    return encoded.split("\\$")[index];
  }

  private static String flipFirst(String base64) {
    return (base64.charAt(0) == 'A' ? "B" : "A") + base64.substring(1);
  }
}
