package dev.chirp.fanout;

import io.vertx.core.json.JsonObject;
import org.apache.pulsar.client.api.Message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * One dead letter as {@link DeadLetters} defines it: the original message (payload, key, its own properties) and
 * what the worker added. A property the message lacks is null.
 */
record DeadLetter(String messageId, String key, byte[] payload, Map<String, String> originalProperties,
                  String deadLetteredAt, String eventType, String error, String attempts, String originTopic,
                  String originMessageId) {

  static DeadLetter of(Message<byte[]> message) {
    Map<String, String> all = message.getProperties();
    Map<String, String> original = new TreeMap<>(all);
    DeadLetters.PROPERTIES.forEach(original::remove);
    return new DeadLetter(message.getMessageId().toString(), message.hasKey() ? message.getKey() : null, message.getData(),
        original, all.get(DeadLetters.DEAD_LETTERED_AT), all.get(DeadLetters.EVENT_TYPE), all.get(DeadLetters.ERROR),
        all.get(DeadLetters.ATTEMPTS), all.get(DeadLetters.ORIGIN_TOPIC), all.get(DeadLetters.ORIGIN_MESSAGE_ID));
  }

  /** The type to count it under: its event type, or "(no type)". */
  String typeOrNone() {
    return eventType == null ? "(no type)" : eventType;
  }

  /** The first error on one line, at most {@code max} characters. */
  String shortError(int max) {
    if (error == null) return "-";
    String line = error.strip().replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }

  /**
   * Everything, untruncated: {@code attempts} as a number (null when absent or not a number), the payload as text
   * when it is UTF-8, else as {@code payload_base64}.
   */
  JsonObject toJson() {
    JsonObject properties = new JsonObject();
    originalProperties.forEach(properties::put);
    JsonObject json = new JsonObject().put("message_id", messageId).put("dead_lettered_at", deadLetteredAt)
        .put("event_type", eventType).put("key", key).put("attempts", attemptsNumber()).put("error", error)
        .put("origin_topic", originTopic).put("origin_message_id", originMessageId)
        .put("properties", properties);
    String text = utf8(payload);
    return text != null ? json.put("payload", text) : json.put("payload_base64", Base64.getEncoder().encodeToString(payload));
  }

  private Integer attemptsNumber() {
    try {
      return attempts == null ? null : Integer.valueOf(attempts.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
