package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tweet's text as stored: NFC-normalised, 1 to 280 Unicode code points (so "é" typed as e + combining accent
 * counts once, and so does an emoji outside the Basic Multilingual Plane), no control characters but newline,
 * not only white space. The @handles it mentions are listed once each, in order, for resolving at post time.
 */
public record TweetText(String text, List<String> mentionedHandles) {
  public static final int MAX_CODE_POINTS = 280;
  private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])");

  public static TweetText parse(String raw) {
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    int length = text.codePointCount(0, text.length());
    if (length == 0 || text.isBlank()) throw invalid("text must not be empty");
    if (length > MAX_CODE_POINTS) {
      throw invalid("text is " + length + " characters long, at most " + MAX_CODE_POINTS + " are allowed");
    }
    text.codePoints().filter(c -> c != '\n' && Character.getType(c) == Character.CONTROL).findFirst().ifPresent(c -> {
      throw invalid(String.format("text must not contain control character U+%04X", c));
    });
    return new TweetText(text, mentions(text));
  }

  private static List<String> mentions(String text) {
    Map<String, String> byKey = new LinkedHashMap<>();
    Matcher matcher = MENTION.matcher(text);
    while (matcher.find()) byKey.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(1));
    return new ArrayList<>(byKey.values());
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("invalid_text", message);
  }
}
