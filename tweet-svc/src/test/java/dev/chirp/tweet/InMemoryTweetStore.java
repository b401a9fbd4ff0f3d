package dev.chirp.tweet;

import dev.chirp.common.error.ApiException;
import dev.chirp.store.tweets.Tweet;
import dev.chirp.store.tweets.TweetWriter.KeyOwner;
import dev.chirp.store.tweets.TweetWriter.Removal;
import dev.chirp.store.tweets.UnpublishedEvent;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The tweet store in maps, with the store's conditions: a change and its outbox row are written together, a key
 * or a row is claimed by one caller only, a row is released or (after a claim) deleted only by its owner. Claims
 * do not run out by themselves: a test says when ({@link #expireClaims}). Synchronized, as work continuing on
 * Vert.x timers calls it from an event loop while the test thread does too.
 */
final class InMemoryTweetStore implements TweetRows, IdempotencyKeys, OutboxRows, SweepCursors {
  private record KeyName(long authorId, String key) {
  }

  private record RowPlace(int nodeId, long second, long tweetId, String type) {
    static RowPlace of(UnpublishedEvent event) {
      return new RowPlace(event.nodeId(), event.second(), event.tweetId(), event.type());
    }
  }

  private final Map<Long, Tweet> tweets = new LinkedHashMap<>();
  private final Set<Long> deleted = new HashSet<>();
  private final Set<Long> withdrawn = new HashSet<>();
  private final Map<KeyName, KeyOwner> keys = new HashMap<>();
  private final Map<RowPlace, UnpublishedEvent> outbox = new LinkedHashMap<>();
  private final Map<RowPlace, Integer> claimsTried = new HashMap<>();
  private final Map<Integer, Long> cursors = new HashMap<>();
  private final Map<Integer, java.time.Instant> beats = new HashMap<>();
  private final Set<Long> secondsFailingOnce = new HashSet<>();
  private boolean rowDeletesFail;
  private boolean withdrawalsFail;

  /** An outbox row as a process that died before publishing leaves it, once its claim ran out. */
  synchronized void putRow(UnpublishedEvent event) {
    outbox.put(RowPlace.of(event), event);
  }

  /** The row stored where {@code event} lives, as it is now. */
  synchronized Optional<UnpublishedEvent> rowOf(UnpublishedEvent event) {
    return Optional.ofNullable(outbox.get(RowPlace.of(event)));
  }

  synchronized List<UnpublishedEvent> rows() {
    return List.copyOf(outbox.values());
  }

  synchronized List<Tweet> storedTweets() {
    return List.copyOf(tweets.values());
  }

  /** How often publishers tried to claim the row where {@code event} lives: each try is a lightweight transaction. */
  synchronized int claimsTriedOn(UnpublishedEvent event) {
    return claimsTried.getOrDefault(RowPlace.of(event), 0);
  }

  /** Every claim's time to live runs out, as the owners never finished. */
  synchronized void expireClaims() {
    outbox.replaceAll((place, row) -> row.claimedBy(null));
  }

  synchronized void expireClaimOf(UnpublishedEvent event) {
    outbox.computeIfPresent(RowPlace.of(event), (place, row) -> row.claimedBy(null));
  }

  /** The next read of the node's rows at {@code second} fails, as when Cassandra timed out. */
  synchronized void failNextReadAt(long second) {
    secondsFailingOnce.add(second);
  }

  /** From now on removing an acknowledged event's row fails. */
  synchronized void failRowDeletes() {
    rowDeletesFail = true;
  }

  /** From now on withdrawing a tweet fails, as when Cassandra is down too. */
  synchronized void failWithdrawals() {
    withdrawalsFail = true;
  }

  synchronized Optional<Long> cursorOf(int nodeId) {
    return Optional.ofNullable(cursors.get(nodeId));
  }

  @Override
  public synchronized Future<Optional<Tweet>> tweet(long id) {
    return Future.succeededFuture(Optional.ofNullable(tweets.get(id)));
  }

  @Override
  public synchronized Future<Void> insert(Tweet tweet, UnpublishedEvent event) {
    tweets.put(tweet.id(), tweet);
    putRow(event);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> markDeleted(Tweet tweet, UnpublishedEvent event) {
    tweets.remove(tweet.id());
    deleted.add(tweet.id());
    putRow(event);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> withdraw(Tweet tweet, UnpublishedEvent event) {
    if (withdrawalsFail) return Future.failedFuture(ApiException.unavailable("cassandra", null));
    tweets.remove(tweet.id());
    withdrawn.add(tweet.id());
    outbox.remove(RowPlace.of(event));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Removal> removal(long id) {
    return Future.succeededFuture(withdrawn.contains(id) ? Removal.WITHDRAWN : deleted.contains(id) ? Removal.DELETED : Removal.NONE);
  }

  @Override
  public synchronized Future<Optional<KeyOwner>> claim(long authorId, String key, long tweetId, byte[] textSha256) {
    KeyOwner earlier = keys.putIfAbsent(new KeyName(authorId, key), new KeyOwner(tweetId, textSha256));
    return Future.succeededFuture(Optional.ofNullable(earlier));
  }

  @Override
  public synchronized Future<Optional<Long>> owner(long authorId, String key) {
    return Future.succeededFuture(Optional.ofNullable(keys.get(new KeyName(authorId, key))).map(KeyOwner::tweetId));
  }

  @Override
  public synchronized Future<Boolean> reassign(long authorId, String key, long fromTweetId, long toTweetId) {
    KeyName name = new KeyName(authorId, key);
    KeyOwner current = keys.get(name);
    if (current == null || current.tweetId() != fromTweetId) return Future.succeededFuture(false);
    keys.put(name, new KeyOwner(toTweetId, current.textSha256()));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Optional<UnpublishedEvent>> event(int nodeId, long second, long tweetId, String type) {
    return Future.succeededFuture(Optional.ofNullable(outbox.get(new RowPlace(nodeId, second, tweetId, type))));
  }

  @Override
  public synchronized Future<List<UnpublishedEvent>> eventsAt(int nodeId, long second) {
    if (secondsFailingOnce.remove(second)) return Future.failedFuture(ApiException.unavailable("cassandra", null));
    List<UnpublishedEvent> found = new ArrayList<>();
    outbox.values().stream().filter(row -> row.nodeId() == nodeId && row.second() == second).forEach(found::add);
    return Future.succeededFuture(found);
  }

  @Override
  public synchronized Future<Boolean> claim(UnpublishedEvent event, UUID claim) {
    claimsTried.merge(RowPlace.of(event), 1, Integer::sum);
    UnpublishedEvent row = outbox.get(RowPlace.of(event));
    if (row == null || row.claimedBy() != null || row.authorId() != event.authorId()) return Future.succeededFuture(false);
    putRow(row.claimedBy(claim));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> release(UnpublishedEvent event) {
    UnpublishedEvent row = outbox.get(RowPlace.of(event));
    if (row != null && Objects.equals(row.claimedBy(), event.claimedBy())) putRow(row.claimedBy(null));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> refile(UnpublishedEvent event, long second, boolean claimedByTransaction) {
    putRow(new UnpublishedEvent(event.nodeId(), second, event.tweetId(), event.type(), event.authorId(), event.createdAt(),
        event.mentionIds(), null));
    return published(event, claimedByTransaction);
  }

  @Override
  public synchronized Future<Void> published(UnpublishedEvent event, boolean claimedByTransaction) {
    if (rowDeletesFail) return Future.failedFuture(ApiException.unavailable("cassandra", null));
    UnpublishedEvent row = outbox.get(RowPlace.of(event));
    if (row != null && (!claimedByTransaction || Objects.equals(row.claimedBy(), event.claimedBy()))) {
      outbox.remove(RowPlace.of(event));
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Long> initialise(int nodeId, long cleanBefore) {
    return Future.succeededFuture(cursors.computeIfAbsent(nodeId, node -> cleanBefore));
  }

  @Override
  public synchronized Future<Void> save(int nodeId, long cleanBefore) {
    cursors.put(nodeId, cleanBefore);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> beat(int nodeId, java.time.Instant at) {
    beats.put(nodeId, at);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<java.util.List<NodeSweep>> nodes() {
    return Future.succeededFuture(cursors.keySet().stream().sorted().map(node -> new NodeSweep(node, beats.get(node))).toList());
  }

  /** As the lightweight transaction: only when the last beat is still the one the caller saw. */
  @Override
  public synchronized Future<Boolean> adopt(int nodeId, java.time.Instant lastBeat, java.time.Instant now) {
    if (!Objects.equals(beats.get(nodeId), lastBeat)) return Future.succeededFuture(false);
    beats.put(nodeId, now);
    return Future.succeededFuture(true);
  }

  synchronized java.time.Instant lastBeat(int nodeId) {
    return beats.get(nodeId);
  }
}
