package dev.chirp.tweet;

import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetReader;
import dev.chirp.store.tweets.TweetWriter;
import dev.chirp.store.tweets.TweetWriter.Removal;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tweet store's writer and reader (Cassandra) behind the interfaces posting, deleting and sweeping use. */
final class TweetStoreAdapter implements TweetRows, IdempotencyKeys, OutboxRows, SweepCursors {
  private final TweetWriter writer;
  private final TweetReader reader;

  TweetStoreAdapter(TweetWriter writer, TweetReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public Future<Optional<Tweet>> tweet(long id) {
    return reader.tweet(id);
  }

  @Override
  public Future<Void> insert(Tweet tweet, UnpublishedEvent event) {
    return writer.insert(tweet, event);
  }

  @Override
  public Future<Void> markDeleted(Tweet tweet, UnpublishedEvent event) {
    return writer.markDeleted(tweet, event);
  }

  @Override
  public Future<Void> withdraw(Tweet tweet, UnpublishedEvent event) {
    return writer.withdraw(tweet, event);
  }

  @Override
  public Future<Removal> removal(long id) {
    return writer.removal(id);
  }

  @Override
  public Future<Optional<TweetWriter.KeyOwner>> claim(long authorId, String key, long tweetId, byte[] textSha256) {
    return writer.claimKey(authorId, key, tweetId, textSha256);
  }

  @Override
  public Future<Optional<Long>> owner(long authorId, String key) {
    return writer.keyOwner(authorId, key);
  }

  @Override
  public Future<Boolean> reassign(long authorId, String key, long fromTweetId, long toTweetId) {
    return writer.reassignKey(authorId, key, fromTweetId, toTweetId);
  }

  @Override
  public Future<Optional<UnpublishedEvent>> event(int nodeId, long second, long tweetId, String type) {
    return writer.event(nodeId, second, tweetId, type);
  }

  @Override
  public Future<List<UnpublishedEvent>> eventsAt(int nodeId, long second) {
    return writer.eventsAt(nodeId, second);
  }

  @Override
  public Future<Boolean> claim(UnpublishedEvent event, UUID claim) {
    return writer.claim(event, claim);
  }

  @Override
  public Future<Void> release(UnpublishedEvent event) {
    return writer.release(event);
  }

  @Override
  public Future<Void> refile(UnpublishedEvent event, long second, boolean claimedByTransaction) {
    return writer.refile(event, second, claimedByTransaction);
  }

  @Override
  public Future<Void> published(UnpublishedEvent event, boolean claimedByTransaction) {
    return writer.published(event, claimedByTransaction);
  }

  @Override
  public Future<Long> initialise(int nodeId, long cleanBefore) {
    return writer.initSweepCursor(nodeId, cleanBefore);
  }

  @Override
  public Future<Void> save(int nodeId, long cleanBefore) {
    return writer.saveSweepCursor(nodeId, cleanBefore);
  }

  @Override
  public Future<Void> beat(int nodeId, Instant at) {
    return writer.sweepHeartbeat(nodeId, at);
  }

  @Override
  public Future<List<NodeSweep>> nodes() {
    return writer.sweeps().map(sweeps -> sweeps.stream().map(s -> new NodeSweep(s.nodeId(), s.lastBeat())).toList());
  }

  @Override
  public Future<Boolean> adopt(int nodeId, Instant lastBeat, Instant now) {
    return writer.adoptSweep(nodeId, lastBeat, now);
  }
}
