package dev.chirp.bench;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;

import java.util.concurrent.TimeUnit;

/**
 * Counts the fan-out worker's dead letters by reading their topic from the start with a Reader (a non-durable
 * cursor: it acknowledges nothing, so the count neither changes the topic nor its {@code chirp-dead-letters}
 * subscription). Also counts those carrying this run's mark ({@link #MARK}, set on the messages the poison-event
 * drill publishes: a dead letter keeps the original message's properties).
 */
final class DeadLetterCounter {
  /** The message property the poison-event drill sets, its value unique to the run. */
  static final String MARK = "chirp-drill-poison";

  record Count(long total, long marked) {
  }

  private final PulsarClient pulsar;
  private final String topic;
  private final String runMark;

  /** {@code tweetTopic}: the dead-letter topic is next to it (as dev.chirp.fanout.DeadLetters names it). */
  DeadLetterCounter(PulsarClient pulsar, String tweetTopic, String runMark) {
    this.pulsar = pulsar;
    this.topic = tweetTopic + "-fanout-dead-letters";
    this.runMark = runMark;
  }

  String topic() {
    return topic;
  }

  /** The count now, or null if Pulsar could not be read (a drill reports "?"). */
  Count countOrNull() {
    try (Reader<byte[]> reader = pulsar.newReader(Schema.BYTES).topic(topic).startMessageId(MessageId.earliest)
        .readerName("chirp-drill-dead-letter-count").create()) {
      long total = 0;
      long marked = 0;
      while (reader.hasMessageAvailable()) {
        Message<byte[]> message = reader.readNext(10, TimeUnit.SECONDS);
        if (message == null) break;
        total++;
        if (runMark.equals(message.getProperty(MARK))) marked++;
      }
      return new Count(total, marked);
    } catch (Exception e) {
      System.err.println("could not count the dead letters on " + topic + ": " + e);
      return null;
    }
  }
}
